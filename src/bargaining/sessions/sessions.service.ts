import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { Clock } from '../../common/clock.js';
import { Conflict, Forbidden, NotFound, ValidationFailed, fieldViolation } from '../../common/errors/domain-error.js';
import { CaseWorkflowService } from '../../workflow-engine/case-workflow.service.js';
import { ProcedureRuleViolated } from '../../workflow-engine/engine-errors.js';
import type { LoadedCase } from '../../workflow-engine/case-store.js';
import { DraftsService } from '../drafts/drafts.service.js';
import { CaseSession } from '../entities/case-session.entity.js';
import { CaseAccess, SIDE_ZH } from '../workspace/case-access.js';
import type { RecordMinutesDto, ScheduleSessionDto } from './sessions.dto.js';

const SESSION_STATES = ['preparing_talks', 'negotiating', 'suspended', 'coordination'];
const RECORD = { zh: '记录协商会议', en: 'record sessions' };
const CONFIRM = { zh: '确认会议记录', en: 'confirm the minutes' };

export interface SessionView extends CaseSession {
  /** Both chiefs confirmed: the minutes count as signed, SESSION_HELD is in the log. */
  signed: boolean;
  draftVersion?: number | null;
}

@Injectable()
export class SessionsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseAccess) private readonly cases: CaseAccess,
    @Inject(CaseWorkflowService) private readonly engine: CaseWorkflowService,
    @Inject(DraftsService) private readonly drafts: DraftsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(actor: Actor, caseId: string): Promise<SessionView[]> {
    await this.cases.load(actor, caseId);
    const rows = await this.dataSource.getRepository(CaseSession).find({ where: { caseId }, order: { sessionNo: 'ASC' } });
    return rows.map(toView);
  }

  async get(actor: Actor, caseId: string, sessionNo: number): Promise<SessionView> {
    await this.cases.load(actor, caseId);
    return toView(await this.find(this.dataSource.manager, caseId, sessionNo));
  }

  /** A party or the instructor schedules a session; the recorder may not be a representative (Art 33). */
  async schedule(actor: Actor, caseId: string, dto: ScheduleSessionDto): Promise<SessionView> {
    this.assertRecorderRole(actor);
    return this.dataSource.transaction(async (manager) => {
      await this.cases.lock(manager, caseId);
      const c = await this.cases.load(actor, caseId, manager);
      CaseAccess.assertState(c, SESSION_STATES, RECORD);
      assertRecorderNeutral(c, dto.recorder);
      const [{ next }] = await manager.query('SELECT COALESCE(MAX(session_no), 0) + 1 AS next FROM case_sessions WHERE case_id = $1', [caseId]);
      const now = this.clock.now();
      const row: CaseSession = {
        caseId,
        sessionNo: Number(next),
        scheduledOn: dto.scheduledOn,
        startsAt: dto.startsAt ?? null,
        place: dto.place,
        agenda: dto.agenda,
        recorder: { name: dto.recorder.name, personId: dto.recorder.personId },
        heldOn: null,
        attendance: [],
        minutes: null,
        employeeConfirmedBy: null,
        employeeConfirmedAt: null,
        employerConfirmedBy: null,
        employerConfirmedAt: null,
        employeeRemark: null,
        employerRemark: null,
        eventSeq: null,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      };
      await manager.getRepository(CaseSession).insert(row);
      return toView(row);
    });
  }

  /** The minutes, until the first chief confirms them: then they are frozen. */
  async recordMinutes(actor: Actor, caseId: string, sessionNo: number, dto: RecordMinutesDto): Promise<SessionView> {
    this.assertRecorderRole(actor);
    return this.dataSource.transaction(async (manager) => {
      await this.cases.lock(manager, caseId);
      const c = await this.cases.load(actor, caseId, manager);
      CaseAccess.assertState(c, SESSION_STATES, RECORD);
      const s = await this.find(manager, caseId, sessionNo);
      if (s.employeeConfirmedBy || s.employerConfirmedBy) throw new Conflict({ zh: '会议记录已有首席代表确认，不能再修改', en: 'a chief has confirmed the minutes: they can no longer change' });
      const today = this.engine.today();
      if (dto.heldOn > today) throw new ValidationFailed([fieldViolation('heldOn', 'notInFuture', `会议日期 ${dto.heldOn} 不能晚于今天 ${today}`, `heldOn ${dto.heldOn} is later than today (${today})`)]);
      const context = CaseAccess.context(c);
      const members = new Set([...context.representatives.employee, ...context.representatives.employer].map((m) => m.personId));
      const problems = dto.attendance.flatMap((p, i) => (members.has(p) ? [] : [fieldViolation(`attendance.${i}`, 'representative', `${p} 不是本案协商代表`, `${p} is not a representative of this case`)]));
      if (problems.length) throw new ValidationFailed(problems);
      Object.assign(s, { heldOn: dto.heldOn, attendance: [...new Set(dto.attendance)], minutes: dto.minutes, updatedAt: this.clock.now() });
      await manager.getRepository(CaseSession).update({ caseId, sessionNo }, { heldOn: s.heldOn, attendance: s.attendance, minutes: s.minutes, updatedAt: s.updatedAt });
      return toView(s);
    });
  }

  /**
   * A chief confirms the minutes from their own account. The second side's confirmation signs them: SESSION_HELD
   * goes into the case's log and the proposals agreed so far make the next draft version, in one transaction.
   */
  async confirm(actor: Actor, caseId: string, sessionNo: number, remark?: string): Promise<SessionView> {
    return this.dataSource.transaction(async (manager) => {
      await this.cases.lock(manager, caseId);
      const c = await this.cases.load(actor, caseId, manager);
      const { side } = this.cases.assertChief(actor, c, CONFIRM);
      CaseAccess.assertState(c, SESSION_STATES, CONFIRM);
      const s = await this.find(manager, caseId, sessionNo);
      if (!s.minutes || !s.heldOn) throw new Conflict({ zh: '会议记录尚未填写', en: 'the minutes have not been recorded yet' });
      const mine = side === 'employee' ? 'employeeConfirmedBy' : 'employerConfirmedBy';
      if (s[mine]) throw new Conflict({ zh: `${SIDE_ZH[side]}首席代表已确认过本次会议记录`, en: `the ${side} chief has already confirmed these minutes` }, { confirmedAt: side === 'employee' ? s.employeeConfirmedAt : s.employerConfirmedAt });
      const now = this.clock.now();
      if (side === 'employee') Object.assign(s, { employeeConfirmedBy: actor.userId, employeeConfirmedAt: now, employeeRemark: remark ?? null });
      else Object.assign(s, { employerConfirmedBy: actor.userId, employerConfirmedAt: now, employerRemark: remark ?? null });
      let draftVersion: number | null = null;
      if (s.employeeConfirmedBy && s.employerConfirmedBy) {
        const draft = await this.drafts.cutVersion(manager, caseId, sessionNo, actor.userId);
        draftVersion = draft?.version ?? null;
        // The act recorded is the signing of the minutes, today; the day the session met travels with it.
        const payload = { occurredOn: this.engine.today(), heldOn: s.heldOn, sessionNo, minutesSignedByBothChiefs: true, summary: s.minutes.slice(0, 5000) };
        const { event } = await this.engine.sendWithin(manager, caseId, 'SESSION_HELD', payload, actor);
        s.eventSeq = event.seq;
      }
      s.updatedAt = now;
      await manager.getRepository(CaseSession).update(
        { caseId, sessionNo },
        {
          employeeConfirmedBy: s.employeeConfirmedBy,
          employeeConfirmedAt: s.employeeConfirmedAt,
          employeeRemark: s.employeeRemark,
          employerConfirmedBy: s.employerConfirmedBy,
          employerConfirmedAt: s.employerConfirmedAt,
          employerRemark: s.employerRemark,
          eventSeq: s.eventSeq,
          updatedAt: now,
        },
      );
      return { ...toView(s), draftVersion };
    });
  }

  private assertRecorderRole(actor: Actor) {
    if (!['union', 'employer', 'instructor'].includes(actor.role)) {
      throw new Forbidden({ zh: `只有协商双方或指导员可以${RECORD.zh}；角色 ${actor.role} 不能`, en: `only the parties or the instructor may ${RECORD.en}; role ${actor.role} may not` });
    }
  }

  private async find(manager: DataSource['manager'], caseId: string, sessionNo: number): Promise<CaseSession> {
    const s = await manager.getRepository(CaseSession).findOneBy({ caseId, sessionNo });
    if (!s) throw new NotFound({ zh: '协商会议', en: 'Session' }, `${caseId}#${sessionNo}`);
    return s;
  }
}

function assertRecorderNeutral(c: LoadedCase, recorder: { name: string; personId: string }) {
  const context = CaseAccess.context(c);
  if ([...context.representatives.employee, ...context.representatives.employer].some((m) => m.personId === recorder.personId)) {
    throw new ProcedureRuleViolated('SESSION_SCHEDULED', [
      { rule: 'talks.recorderNotRepresentative', article: 'CCP Art 33', message_zh: `记录员 ${recorder.name} 不得由协商代表兼任`, message_en: `the recorder ${recorder.name} may not be a representative` },
    ]);
  }
}

const toView = (s: CaseSession): SessionView => ({ ...s, signed: s.eventSeq !== null });
