import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { CaseWorkflowService } from '../../workflow-engine/case-workflow.service.js';
import { DeadlineScheduler } from '../../workflow-engine/deadline-scheduler.js';
import { CaseRecord } from '../../workflow-engine/entities/case.entity.js';
import { User, type Role } from '../../accounts/entities/user.entity.js';
import { Organisation } from '../../organisations/entities/organisation.entity.js';
import { hashPassword } from '../../accounts/password-hasher.js';
import { randomBytes } from 'node:crypto';
import { CONTRACT_KIND_TITLES } from '../../bargaining/dto/case.dto.js';
import type { ContractDocument } from '../../bargaining/contract/contract-document.js';
import { DraftsService } from '../../bargaining/drafts/drafts.service.js';
import { ProposalsService } from '../../bargaining/drafts/proposals.service.js';
import { SessionsService } from '../../bargaining/sessions/sessions.service.js';
import { LOCK_KEYS, whileHoldingLock } from '../advisory-lock.js';
import { seedDemoCampaign } from './demo-campaign.js';
import { seedDemoInstructor } from './demo-instructors.js';
import { demoId } from './demo-seed.js';
import { addDays, addYears, EMPLOYEE_TEAM, EMPLOYER_TEAM, samplePayload } from './procedure-samples.js';

// Demo cases in every state of the procedure, across prefectures and industries, driven through the
// engine with acts dated relative to today, so that the deadlines still running lie in the future and
// the ones meant to have passed fire (through the scheduler) as they would have.

type Step = [type: string, daysAgo: number, extra?: Record<string, unknown>] | ['FIRE'];

interface DemoCase {
  union: string;
  employer: string;
  kind: string;
  /** Expected state once seeded: the seeder checks it, so the demo never silently drifts. */
  expect: string;
  steps: Step[];
  enterprises?: { key: string; employees: number }[];
  /** Seed the negotiation workspace too: a draft, a session signed by both chiefs, proposals still open. */
  workspace?: true;
}

const offer = (d: number): Step => ['OFFER_ISSUED', d];
const agreed = (d: number): Step[] => [offer(d + 10), ['RESPONSE_AGREED', d]];
const talks = (d: number): Step[] => [...agreed(d + 5), ['REPRESENTATIVES_APPOINTED', d + 2, { side: 'employee' }], ['REPRESENTATIVES_APPOINTED', d + 2, { side: 'employer' }], ['TALKS_SCHEDULED', d]];
const drafted = (d: number): Step[] => [...talks(d + 10), ['SESSION_HELD', d + 5], ['DRAFT_AGREED', d]];
const voted = (d: number): Step[] => [...drafted(d + 3), ['CONGRESS_VOTED', d]];
/** Signed `d` days ago, the term ending `endIn` days from today. */
const signed = (d: number, endIn: number): Step[] => [...voted(d + 3), ['SIGNED', d, { termEndIn: endIn }]];
const inForce = (d: number, endIn: number): Step[] => [...signed(d + 20, endIn), ['FILED', d + 15], ['APPROVED', d + 5], ['PUBLISHED', d]];

const DEMO_CASES: DemoCase[] = [
  { union: 'union-deyang', employer: 'ent-deyang', kind: 'wage', expect: 'drafting_offer', steps: [] },
  { union: 'union-shujin', employer: 'ent-shujin', kind: 'comprehensive', expect: 'awaiting_response', steps: [offer(5)] },
  { union: 'union-mianyang', employer: 'ent-mianyang', kind: 'women_workers', expect: 'response_overdue', steps: [offer(40), ['FIRE']] },
  { union: 'union-tianfu', employer: 'ent-tianfu', kind: 'safety_health', expect: 'refused', steps: [offer(30), ['RESPONSE_REFUSED', 25]] },
  { union: 'union-jinjiang', employer: 'ent-jinjiang', kind: 'comprehensive', expect: 'preparing_talks', steps: agreed(2) },
  { union: 'union-shujin', employer: 'ent-shujin', kind: 'wage', expect: 'negotiating', steps: talks(20), workspace: true },
  { union: 'union-leshan', employer: 'ent-leshan', kind: 'comprehensive', expect: 'suspended', steps: [...talks(20), ['SUSPENDED', 5, { resumeIn: 10 }]] },
  { union: 'union-deyang', employer: 'ent-deyang', kind: 'comprehensive', expect: 'coordination', steps: [offer(40), ['RESPONSE_REFUSED', 30], ['COORDINATION_REQUESTED', 10]] },
  { union: 'union-tianfu', employer: 'ent-tianfu', kind: 'comprehensive', expect: 'congress_review', steps: drafted(3) },
  { union: 'union-mianyang', employer: 'ent-mianyang', kind: 'comprehensive', expect: 'awaiting_signature', steps: voted(2) },
  { union: 'union-jinjiang', employer: 'ent-jinjiang', kind: 'wage', expect: 'awaiting_filing', steps: signed(3, 3 * 365) },
  { union: 'union-leshan', employer: 'ent-leshan', kind: 'wage', expect: 'filing_overdue', steps: [...signed(25, 3 * 365), ['FIRE']] },
  { union: 'union-shujin', employer: 'ent-shujin', kind: 'women_workers', expect: 'under_review', steps: [...signed(10, 3 * 365), ['FILED', 4]] },
  { union: 'union-tianfu', employer: 'ent-tianfu', kind: 'women_workers', expect: 'effective', steps: [...signed(20, 3 * 365), ['FILED', 12], ['APPROVED', 3]] },
  { union: 'union-deyang', employer: 'ent-deyang', kind: 'safety_health', expect: 'in_force', steps: inForce(60, 2 * 365) },
  { union: 'union-mianyang', employer: 'ent-mianyang', kind: 'safety_health', expect: 'renewal_window', steps: [...inForce(1000, 60), ['FIRE']] },
  { union: 'union-mianyang', employer: 'ent-mianyang', kind: 'wage', expect: 'expired', steps: [...inForce(1100, -10), ['FIRE']] },
  { union: 'union-leshan', employer: 'ent-leshan', kind: 'safety_health', expect: 'terminated', steps: [...inForce(200, 500), ['TERMINATED', 5]] },
  { union: 'union-jinjiang', employer: 'ent-jinjiang', kind: 'women_workers', expect: 'renewing', steps: [...inForce(1000, 50), ['FIRE'], ['RENEWAL_OFFERED', 2]] },
  { union: 'union-tianfu', employer: 'ent-tianfu', kind: 'wage', expect: 'withdrawn', steps: [['WITHDRAWN', 8]] },
  { union: 'union-deyang', employer: 'ent-deyang', kind: 'women_workers', expect: 'closed', steps: [offer(50), ['RESPONSE_REFUSED', 45], ['CLOSED', 20]] },
  {
    union: 'union-catering',
    employer: 'assoc-catering',
    kind: 'industry',
    expect: 'negotiating',
    enterprises: [{ key: 'ent-jinjiang', employees: 240 }],
    steps: talks(15),
  },
];

const ROLE_OF: Record<string, Role> = {
  OFFER_ISSUED: 'union', RENEWAL_OFFERED: 'union', WITHDRAWN: 'union', RESPONSE_AGREED: 'employer', RESPONSE_REFUSED: 'employer',
  COORDINATION_REQUESTED: 'union', CLOSED: 'union', TALKS_SCHEDULED: 'union', SESSION_HELD: 'union', SUSPENDED: 'union',
  DRAFT_AGREED: 'union', CONGRESS_VOTED: 'union', SIGNED: 'union', FILED: 'employer', APPROVED: 'bureau', PUBLISHED: 'union', TERMINATED: 'employer',
};

/** Seeds the demo cases once (when there are none); returns how many it created. */
export async function seedDemoCases(app: INestApplication): Promise<number> {
  const dataSource = app.get(DataSource);
  // Several instances asked to seed at once: one seeds, the others then find its cases. No scheduler fires
  // meanwhile (the seed fires the deadlines itself, between its back-dated acts): DeadlineScheduler.hold.
  return whileHoldingLock(dataSource, LOCK_KEYS.demoCases, () => app.get(DeadlineScheduler).hold(() => seedOnce(app, dataSource)));
}

async function seedOnce(app: INestApplication, dataSource: DataSource): Promise<number> {
  if ((await dataSource.getRepository(CaseRecord).count()) > 0) return 0;
  const engine = app.get(CaseWorkflowService);
  const scheduler = app.get(DeadlineScheduler);
  const today = engine.today();
  const actors = await seedActors(dataSource);
  const campaignId = await seedDemoCampaign(dataSource, today);
  let created = 0;
  for (const demo of DEMO_CASES) {
    const union = await dataSource.getRepository(Organisation).findOneByOrFail({ id: demoId(demo.union) });
    const employer = await dataSource.getRepository(Organisation).findOneByOrFail({ id: demoId(demo.employer) });
    const industrial = demo.enterprises !== undefined;
    const caseRow = await dataSource.transaction((manager) =>
      engine.start(manager, actors.get(demo.union)!, {
        kind: demo.kind,
        unionOrgId: union.id,
        employerOrgId: employer.id,
        enterprises: industrial ? demo.enterprises!.map((e) => ({ enterpriseId: demoId(e.key), employees: e.employees })) : [{ enterpriseId: employer.id, employees: employer.employees ?? 0 }],
        regionCode: industrial ? union.regionCode : employer.regionCode,
        industryCode: industrial ? union.industryCode : employer.industryCode,
        title: `${industrial ? union.name : employer.name} ${CONTRACT_KIND_TITLES[demo.kind as keyof typeof CONTRACT_KIND_TITLES]}`,
        initiatorSide: 'employee',
        campaignId,
      }),
    );
    created++;
    for (const step of demo.steps) {
      if (step[0] === 'FIRE') {
        await scheduler.runUntilIdle();
        continue;
      }
      const [type, daysAgo, extra = {}] = step as [string, number, Record<string, unknown>?];
      const on = addDays(today, -daysAgo);
      const payload = samplePayload(type, on);
      if (type === 'SIGNED') {
        const termEnd = addDays(today, extra.termEndIn as number);
        // At most three years (Art 38): the term starts on signing, or later when signing was long before the end.
        Object.assign(payload, { termEnd, termStart: maxDate(on, addDays(addYears(termEnd, -3), 1)) });
      }
      if (type === 'SUSPENDED') payload.resumeOn = addDays(today, extra.resumeIn as number);
      let key = demo.union;
      if (type === 'REPRESENTATIVES_APPOINTED') {
        payload.members = withChiefAccount(demo, extra.side === 'employee' ? EMPLOYEE_TEAM : EMPLOYER_TEAM, extra.side as string);
        key = extra.side === 'employee' ? demo.union : demo.employer;
      } else if (ROLE_OF[type] === 'employer') key = demo.employer;
      else if (ROLE_OF[type] === 'bureau') key = union.regionCode.startsWith('5101') ? 'bureau-cd' : 'bureau-sc';
      // The contract's text: the kind's template, as the parties would start from (its documents need one).
      if (type === 'DRAFT_AGREED' && !demo.workspace) await app.get(DraftsService).start(actors.get(demo.union)!, caseRow.id, { from: 'template' }, fillDemoDraft);
      // Where a chief seat has an account, the chief signs from it (CCP Arts 34, 37).
      const chiefSigns = (type === 'DRAFT_AGREED' || type === 'SIGNED') && CHIEF_ACCOUNTS[demo.union];
      const actor = chiefSigns ? demoActor(CHIEF_ACCOUNTS[demo.union], 'union', demo.union) : actors.get(key)!;
      await engine.send(caseRow.id, type, payload, actor);
    }
    if (demo.workspace) await seedWorkspace(app, caseRow.id, actors.get(demo.union)!, today);
    const state = (await dataSource.getRepository(CaseRecord).findOneByOrFail({ id: caseRow.id })).status;
    if (state !== demo.expect) throw new Error(`demo case ${demo.union}/${demo.kind} ended in ${state}, expected ${demo.expect}`);
  }
  await seedDemoInstructor(dataSource, today);
  return created;
}

const maxDate = (a: string, b: string) => (a > b ? a : b);

/** The demo's contracts state their lowest wage and yearly increase (the template leaves blanks): above every tier's minimum. */
function fillDemoDraft(doc: ContractDocument): ContractDocument {
  for (const article of doc.chapters.flatMap((c) => c.articles)) {
    if (article.key === 'pay-lowest') Object.assign(article, { text: article.text.replace('____', '2300'), terms: { ...article.terms, lowestMonthlyWage: 2300 } });
    if (article.key === 'pay-increase') Object.assign(article, { text: article.text.replace('____', '6'), terms: { ...article.terms, wageIncreasePercent: 6 } });
  }
  return doc;
}

/** The demo accounts sit in the chiefs' seats of 蜀锦机械's cases, so that union.demo and employer.demo can confirm and agree. */
const CHIEF_ACCOUNTS: Record<string, string> = { 'union-shujin': 'union.demo', 'ent-shujin': 'employer.demo' };
function withChiefAccount(demo: DemoCase, team: typeof EMPLOYEE_TEAM, side: string) {
  const username = CHIEF_ACCOUNTS[side === 'employee' ? demo.union : demo.employer];
  return username ? team.map((m) => (m.chief ? { ...m, userId: demoId(`user:${username}`) } : m)) : team;
}

const demoActor = (username: string, role: Role, orgKey: string): Actor => ({ userId: demoId(`user:${username}`), username, role, organisationId: demoId(orgKey), regionCode: '510107' });

/** A wage negotiation under way: session 1 agreed the lowest wage (draft v2); session 2 is scheduled with proposals open. */
async function seedWorkspace(app: INestApplication, caseId: string, recorder: Actor, today: string) {
  const unionChief = demoActor('union.demo', 'union', 'union-shujin');
  const employerChief = demoActor('employer.demo', 'employer', 'ent-shujin');
  const drafts = app.get(DraftsService);
  const sessions = app.get(SessionsService);
  const proposals = app.get(ProposalsService);
  await drafts.start(recorder, caseId, { from: 'template' });
  const agenda = ['最低工资标准', '年度工资增长幅度'];
  await sessions.schedule(recorder, caseId, { scheduledOn: addDays(today, -10), startsAt: '09:30', place: '公司三楼会议室', agenda, recorder: { name: '周记录', personId: 'R-001' } });
  const ask = await proposals.create(unionChief, caseId, { sessionNo: 1, action: 'amend', articleKey: 'pay-lowest', text: '企业支付给职工的月最低工资不低于2400元，且不低于当地最低工资标准。', terms: { lowestMonthlyWage: 2400 }, reason: '物价上涨，职工生活成本增加' });
  const counter = await proposals.create(employerChief, caseId, { sessionNo: 1, action: 'amend', articleKey: 'pay-lowest', text: '企业支付给职工的月最低工资不低于2300元，且不低于当地最低工资标准。', terms: { lowestMonthlyWage: 2300 }, reason: '订单减少，成本压力较大', counterTo: ask.id });
  await proposals.agree(unionChief, caseId, counter.id, '同意，年度增长另行协商');
  const members = [...EMPLOYEE_TEAM, ...EMPLOYER_TEAM].map((m) => m.personId);
  await sessions.recordMinutes(recorder, caseId, 1, { heldOn: addDays(today, -10), attendance: members, minutes: '双方就最低工资标准进行协商。职工方提出月最低工资2400元，企业方提出2300元，经协商确定为2300元。年度工资增长幅度下次会议继续协商。' });
  await sessions.confirm(unionChief, caseId, 1);
  await sessions.confirm(employerChief, caseId, 1);
  await sessions.schedule(recorder, caseId, { scheduledOn: addDays(today, 3), startsAt: '14:30', place: '公司三楼会议室', agenda: ['年度工资增长幅度'], recorder: { name: '周记录', personId: 'R-001' } });
  await proposals.create(unionChief, caseId, { sessionNo: 2, action: 'amend', articleKey: 'pay-increase', text: '本年度职工工资平均增长幅度为6%。', terms: { wageIncreasePercent: 6 }, reason: '参照本市工资指导线基准线' });
}

/** One inactive account per party that records the demo's events, so the log names a real user. */
async function seedActors(dataSource: DataSource): Promise<Map<string, Actor>> {
  const keys = [...new Set(DEMO_CASES.flatMap((c) => [c.union, c.employer])), 'bureau-cd', 'bureau-sc'];
  const existing = new Map((await dataSource.getRepository(User).find()).map((u) => [u.username, u]));
  const hash = await hashPassword(randomBytes(24).toString('base64url'));
  const actors = new Map<string, Actor>();
  for (const key of keys) {
    const org = await dataSource.getRepository(Organisation).findOneByOrFail({ id: demoId(key) });
    const role: Role = org.kind === 'union' ? 'union' : org.kind === 'labour_bureau' ? 'bureau' : 'employer';
    const username = `seed.${key}`;
    let user = existing.get(username);
    if (!user) {
      user = await dataSource.getRepository(User).save({
        id: demoId(`user:${username}`), username, displayName: `演示数据录入（${org.name}）`, passwordHash: hash, role, organisationId: org.id, regionCode: org.regionCode, active: false,
      });
    }
    actors.set(key, { userId: user.id, username, role, organisationId: org.id, regionCode: org.regionCode });
  }
  return actors;
}
