import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { MinimumWageTable, STANDARDS_FILE, TIERS_FILE } from '../../src/compliance/minimum-wage.js';
import { projectPath } from '../../src/config/project-root.js';
import {
  agreeLowestWage,
  expectStatus,
  get,
  historyOf,
  negotiatingCase,
  nextDay,
  post,
  resetBench,
  scheduleSession,
  sendEvent,
  signMinutes,
  startBench,
  startDraft,
  violationsOf,
  type Bench,
} from './workspace-helpers.js';

// The employee congress through the workspace (CCP Art 36: 2/3 of the roster present, yes from more than half
// of the whole roster) and the compliance checker's gate on DRAFT_AGREED (LCL Art 55: the local minimum wage).

let b: Bench;

beforeAll(async () => {
  b = await startBench();
});

afterAll(async () => {
  await b?.t.close();
});

beforeEach(async () => {
  await resetBench(b);
});

const agreeDraft = (w: Bench, id: string) => sendEvent(w, id, 'union.demo', 'DRAFT_AGREED', { occurredOn: nextDay(w), signedByBothChiefs: true });
const vote = (id: string, present: number, yes: number, extra: Record<string, unknown> = {}, who: 'union.demo' | 'employer.demo' = 'union.demo') =>
  post(b, id, 'congress', { occurredOn: nextDay(b), body: 'congress', roster: 100, present, yes, no: present - yes, abstain: 0, ...extra }, who);
const stateOf = async (w: Bench, id: string) => expectStatus(await get(w, id), 200).body.state as string;

// 蜀锦机械 is in 成都市武侯区 (510107), tier 1. In March 2018 the standard in force is the one of 2015-07-01:
// 1500 yuan a month for tier 1 (src/reference-data/sichuan-minimum-wage.json; 1780 from 2018-07-01).
const MINIMUM_2018_03 = 1500;

describe('employee congress (CCP Art 36)', () => {
  it('66 of 100 present → rejected back to negotiating citing Art 36; 67 present, 50 yes → rejected; 51 yes → awaiting_signature', async () => {
    const id = await negotiatingCase(b);
    await startDraft(b, id);
    expectStatus(await agreeDraft(b, id), 200);
    expect(await stateOf(b, id)).toBe('congress_review');

    // The employer does not put the draft to the congress.
    expect((await vote(id, 90, 80, {}, 'employer.demo')).status).toBe(403);

    const noQuorum = expectStatus(await vote(id, 66, 60, { objections: ['工资增长幅度未约定'] }), 200).body;
    expect(await stateOf(b, id)).toBe('negotiating');
    expect(noQuorum.votes).toHaveLength(1);
    expect(noQuorum.votes[0]).toMatchObject({
      roster: 100,
      present: 66,
      yes: 60,
      no: 6,
      abstain: 0,
      quorum: { required: 67, met: false },
      majority: { required: 51, met: true },
      passed: false,
      objections: ['工资增长幅度未约定'],
    });
    expect(noQuorum.votes[0].reasons).toHaveLength(1);
    expect(noQuorum.votes[0].reasons[0].en).toMatch(/66 present.*CCP Art 36/);
    expect(noQuorum.votes[0].reasons[0].zh).toContain('CCP Art 36');
    expect(noQuorum.resolution).toBeNull();
    const record = expectStatus(await get(b, id), 200).body.record;
    expect(record.congress).toMatchObject({ roster: 100, present: 66, yes: 60, passed: false, objections: ['工资增长幅度未约定'] });
    expect(record.congress.reasons).toEqual([expect.objectContaining({ en: expect.stringContaining('66 present') })]);

    // Quorum met, but 50 yes is not more than half of the whole roster.
    expectStatus(await agreeDraft(b, id), 200);
    const noMajority = expectStatus(await vote(id, 67, 50), 200).body;
    expect(await stateOf(b, id)).toBe('negotiating');
    expect(noMajority.votes[1]).toMatchObject({ present: 67, yes: 50, quorum: { required: 67, met: true }, majority: { required: 51, met: false }, passed: false });
    expect(noMajority.votes[1].reasons.map((r: { en: string }) => r.en)).toEqual([expect.stringMatching(/50 yes.*whole roster of 100.*CCP Art 36/)]);
    expect(noMajority.resolution).toBeNull();

    expectStatus(await agreeDraft(b, id), 200);
    const on = nextDay(b);
    expectStatus(await post(b, id, 'congress', { occurredOn: on, body: 'congress', roster: 100, present: 67, yes: 51, no: 10, abstain: 6 }), 200);
    expect(await stateOf(b, id)).toBe('awaiting_signature');
    const view = expectStatus(await get(b, id, 'congress'), 200).body;
    expect(view.votes.map((v: { passed: boolean }) => v.passed)).toEqual([false, false, true]);
    expect(view.votes[2]).toMatchObject({ quorum: { required: 67, met: true }, majority: { required: 51, met: true }, reasons: [] });
    expect(view.resolution).toMatchObject({
      occurredOn: on,
      body: 'congress',
      roster: 100,
      present: 67,
      yes: 51,
      no: 10,
      abstain: 6,
      passed: true,
      unionName: '成都蜀锦机械制造有限公司工会',
      employerName: '成都蜀锦机械制造有限公司',
      draftVersion: 1,
      caseTitle: expect.any(String),
    });
    expect((await historyOf(b, id)).filter((e) => e.type === 'CONGRESS_VOTED').map((e) => e.payload.present)).toEqual([66, 67, 67]);
  });

  it('votes beyond those present are refused: 400 naming the field', async () => {
    const id = await negotiatingCase(b);
    expectStatus(await agreeDraft(b, id), 200);
    const res = await post(b, id, 'congress', { occurredOn: nextDay(b), body: 'congress', roster: 100, present: 70, yes: 60, no: 8, abstain: 5 });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('abstain');
    expect(await stateOf(b, id)).toBe('congress_review');
  });
});

describe('the compliance gate on DRAFT_AGREED (LCL Art 55)', () => {
  it('one yuan under the minimum blocks DRAFT_AGREED; exactly the minimum passes and the log records the draft version', async () => {
    const id = await negotiatingCase(b);
    await startDraft(b, id);
    const clean = expectStatus(await get(b, id, 'compliance'), 200).body;
    expect(clean).toMatchObject({ draftVersion: 1, gate: { blocking: 0, findings: [] } });
    expect(clean.minimumWage).toMatchObject({ tier: 1, amount: MINIMUM_2018_03, effectiveFrom: '2015-07-01', regionCode: '510107' });

    expect(await agreeLowestWage(b, id, MINIMUM_2018_03 - 1)).toBe(2);
    const refused = await agreeDraft(b, id);
    const violations = violationsOf(refused);
    expect(violations.map((v) => v.rule)).toEqual(['compliance.wage.minimum']);
    expect(violations[0].article).toBe('LCL Art 55');
    expect(violations[0].message_zh).toContain('第三条');
    expect(violations[0].message_zh).toContain('1499');
    expect(await stateOf(b, id)).toBe('negotiating');

    const report = expectStatus(await get(b, id, 'compliance'), 200).body;
    expect(report).toMatchObject({ draftVersion: 2, gate: { blocking: 1, findings: ['wage.minimum'] }, minimumWage: { tier: 1, amount: MINIMUM_2018_03, onDate: report.checkedOn } });
    const wage = report.findings.filter((f: { id: string }) => f.id === 'wage.minimum');
    expect(wage).toEqual([
      expect.objectContaining({
        severity: 'blocking',
        citation: expect.objectContaining({ law_zh: '中华人民共和国劳动合同法', article: '第五十五条', article_en: 'Art 55' }),
        contractArticle: { key: 'pay-lowest', no: 3, label: '第三条', title: '最低工资' },
      }),
    ]);
    expect(wage[0].message_zh).toMatch(/^第三条约定的最低月工资 1499 元低于当地最低工资标准 1500 元/);

    // Amended to exactly the minimum in the next session: the gate opens.
    expect(await agreeLowestWage(b, id, MINIMUM_2018_03)).toBe(3);
    expect(expectStatus(await get(b, id, 'compliance'), 200).body).toMatchObject({ draftVersion: 3, gate: { blocking: 0, findings: [] } });
    // The earlier version still reads as it was.
    expect(expectStatus(await get(b, id, 'compliance?version=2'), 200).body).toMatchObject({ draftVersion: 2, gate: { blocking: 1 } });
    const agreed = expectStatus(await agreeDraft(b, id), 200).body;
    expect(agreed.state).toBe('congress_review');
    const event = (await historyOf(b, id)).at(-1)!;
    expect(event).toMatchObject({ type: 'DRAFT_AGREED', payload: { signedByBothChiefs: true, draftVersion: 3, compliance: { blocking: 0 } } });
    expect(expectStatus(await get(b, id), 200).body.record.draft).toMatchObject({ version: 3 });
  });

  it('naming a draft version that is not the latest is refused (CCP Art 34)', async () => {
    const id = await negotiatingCase(b);
    await startDraft(b, id);
    await agreeLowestWage(b, id, 1600);
    const res = await sendEvent(b, id, 'union.demo', 'DRAFT_AGREED', { occurredOn: nextDay(b), signedByBothChiefs: true, draftVersion: 1 });
    expect(violationsOf(res).map((v) => [v.rule, v.article])).toEqual([['compliance.draft.notLatest', 'CCP Art 34']]);
  });

  it('the effective date is the contract’s termStart: from 2018-07-01 the same 1500 is under the new standard', async () => {
    const id = await negotiatingCase(b);
    await startDraft(b, id);
    await agreeLowestWage(b, id, MINIMUM_2018_03);
    const sessionNo = await scheduleSession(b, id);
    const term = expectStatus(
      await post(b, id, 'proposals', { sessionNo, action: 'amend', articleKey: 'term', text: '本合同期限三年，自2018年7月1日起至2021年6月30日止。', terms: { termStart: '2018-07-01', termEnd: '2021-06-30' } }, 'employer.demo'),
      201,
    ).body;
    expectStatus(await post(b, id, `proposals/${term.id}/agreement`, {}, 'union.demo'), 200);
    expect(await signMinutes(b, id, sessionNo)).toBe(3);
    const report = expectStatus(await get(b, id, 'compliance'), 200).body;
    expect(report.minimumWage).toMatchObject({ amount: 1780, effectiveFrom: '2018-07-01', onDate: '2018-07-01' });
    expect(report.gate.findings).toEqual(['wage.minimum']);
    expect(violationsOf(await agreeDraft(b, id)).map((v) => v.rule)).toEqual(['compliance.wage.minimum']);
  });
});

describe('another minimum-wage table (extras.minimumWage)', () => {
  let raised: Bench | undefined;
  afterAll(async () => {
    await raised?.t.close();
  });

  it('the same wage that passes with the shipped table is a blocking finding under raised amounts', async () => {
    const dir = projectPath('src', 'reference-data');
    const standards = JSON.parse(readFileSync(`${dir}/${STANDARDS_FILE}`, 'utf8'));
    const tiers = JSON.parse(readFileSync(`${dir}/${TIERS_FILE}`, 'utf8'));
    const modifiedStandards = {
      ...standards,
      standards: standards.standards.map((s: { monthly: Record<string, number> }) => ({ ...s, monthly: Object.fromEntries(Object.entries(s.monthly).map(([tier, amount]) => [tier, amount + 200])) })),
    };
    raised = await startBench({ extras: { minimumWage: new MinimumWageTable(modifiedStandards, tiers) } });
    await resetBench(raised);

    const scenario = async (w: Bench) => {
      const id = await negotiatingCase(w);
      await startDraft(w, id);
      await agreeLowestWage(w, id, MINIMUM_2018_03);
      return { id, report: expectStatus(await get(w, id, 'compliance'), 200).body };
    };
    const shipped = await scenario(b);
    const other = await scenario(raised);

    expect(shipped.report.minimumWage).toMatchObject({ amount: MINIMUM_2018_03 });
    expect(shipped.report.findings.map((f: { id: string }) => f.id)).not.toContain('wage.minimum');
    expect(shipped.report.gate.blocking).toBe(0);

    expect(other.report.minimumWage).toMatchObject({ tier: 1, amount: MINIMUM_2018_03 + 200, effectiveFrom: '2015-07-01' });
    expect(other.report.gate).toEqual({ blocking: 1, findings: ['wage.minimum'] });
    expect(other.report.findings.find((f: { id: string }) => f.id === 'wage.minimum')).toMatchObject({ severity: 'blocking', contractArticle: { key: 'pay-lowest', label: '第三条' } });
    expect(violationsOf(await agreeDraft(raised, other.id)).map((v) => v.rule)).toEqual(['compliance.wage.minimum']);
    expectStatus(await agreeDraft(b, shipped.id), 200);
  });
});
