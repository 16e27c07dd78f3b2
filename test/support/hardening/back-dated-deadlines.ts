import { ManualClock } from '../../../src/common/clock.js';
import type { DatabaseTarget } from '../../../src/database/data-source.js';
import { demoId } from '../../../src/database/seed/demo-seed.js';
import { samplePayload } from '../../../src/database/seed/procedure-samples.js';
import { DeadlineCalendar } from '../../../src/workflow-engine/calendar/deadline-calendar.js';
import { demoActor, startInstance, type ServiceInstance } from '../service-instance.js';

// Deadlines that are already due, for a service that runs on the real clock (it has no clock switch, and an
// act may not be dated before the case's start, which is today). An in-process instance whose clock stands
// DAYS_BACK days ago writes cases through the engine, as if they had been opened then: their acts are dated
// that day, so their deadlines passed long ago. Its own scheduler is off; the built services fire them.
// Half end in awaiting_response (the response period, a state change on expiry), half in preparing_talks
// (the first meeting's working-day period, flagged overdue in place).

const DAYS_BACK = 45;

export interface DueDeadline {
  caseId: string;
  key: string;
  onExpiry: string;
}

export class DeadlineBackdater {
  private constructor(
    private readonly instance: ServiceInstance,
    readonly day: string,
  ) {}

  /** Opens the database as the service would (migrations, reference data, the demo's organisations and accounts). */
  static async open(target: DatabaseTarget): Promise<DeadlineBackdater> {
    const at = new Date(Date.now() - DAYS_BACK * 86_400_000);
    const instance = await startInstance(target, { clock: new ManualClock(at), seedDemo: true });
    return new DeadlineBackdater(instance, DeadlineCalendar.chinaDate(at));
  }

  /** `count` cases with one due deadline each, `perTransaction` at a time (each transaction commits a batch the schedulers can claim). */
  async create(count: number, perTransaction = 10): Promise<DueDeadline[]> {
    const { engine, dataSource } = this.instance;
    const union = demoActor('union.demo');
    const employer = demoActor('employer.demo');
    const made: DueDeadline[] = [];
    for (let done = 0; done < count; done += perTransaction) {
      const batch = await dataSource.transaction(async (manager) => {
        const rows: DueDeadline[] = [];
        for (let i = done; i < Math.min(count, done + perTransaction); i++) {
          const c = await engine.start(manager, union, {
            kind: 'comprehensive',
            unionOrgId: demoId('union-shujin'),
            employerOrgId: demoId('ent-shujin'),
            enterprises: [{ enterpriseId: demoId('ent-shujin'), employees: 812 }],
            regionCode: '510107',
            industryCode: null,
            title: `逾期期限 back-dated ${i}`,
            initiatorSide: 'employee',
          });
          await engine.sendWithin(manager, c.id, 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', this.day), union);
          if (i % 2 === 0) {
            rows.push({ caseId: c.id, key: 'response', onExpiry: 'RESPONSE_DEADLINE_PASSED' });
          } else {
            await engine.sendWithin(manager, c.id, 'RESPONSE_AGREED', samplePayload('RESPONSE_AGREED', this.day), employer);
            rows.push({ caseId: c.id, key: 'first_meeting', onExpiry: 'FIRST_MEETING_DEADLINE_PASSED' });
          }
        }
        return rows;
      });
      made.push(...batch);
    }
    return made;
  }

  close(): Promise<void> {
    return this.instance.close();
  }
}
