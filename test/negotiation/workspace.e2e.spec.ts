import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { assignDemoInstructor, today as chinaToday } from '../engine/engine-helpers.js';
import {
  EMPLOYER_CHIEF,
  employeeTeam,
  employerTeam,
  ENTERPRISE_CASE,
  expectStatus,
  fieldErrors,
  get,
  historyOf,
  negotiatingCase,
  nextDay,
  post,
  PROBLEM,
  put,
  RECORDER,
  rep,
  resetBench,
  scheduleSession,
  sendEvent,
  startBench,
  startDraft,
  UNION_CHIEF,
  UNION_MEMBER,
  violationsOf,
  wageText,
  type Bench,
  type Who,
} from './workspace-helpers.js';

// The negotiation workspace end to end: draft, sessions with minutes both chiefs confirm, proposals and
// counter-proposals per article, the draft versions they make and their redline; who may do what.

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

describe('the full flow: template → session → proposal, counter, agreement → signed minutes → draft v2', () => {
  it('agreed proposals make draft version 2; SESSION_HELD is logged; the redline shows the change', async () => {
    const id = await negotiatingCase(b);
    await startDraft(b, id);
    const v1 = expectStatus(await get(b, id, 'drafts/1'), 200).body;
    const lowest1 = v1.chapters.flatMap((c: { articles: object[] }) => c.articles).find((a: { key: string }) => a.key === 'pay-lowest');
    expect(lowest1).toMatchObject({ no: 3, chapterNo: 2, title: '最低工资' });
    expect(lowest1.terms).toBeUndefined();

    // A representative may not keep the record (CCP Art 33); nothing is scheduled.
    const biased = await post(b, id, 'sessions', { scheduledOn: nextDay(b), place: '公司三楼会议室', agenda: ['劳动报酬'], recorder: { name: '李强', personId: 'E-002' } });
    expect(violationsOf(biased)).toEqual([expect.objectContaining({ rule: 'talks.recorderNotRepresentative', article: 'CCP Art 33' })]);
    expect(expectStatus(await get(b, id, 'sessions'), 200).body).toEqual([]);

    const sessionNo = await scheduleSession(b, id);
    expect(sessionNo).toBe(1);
    expect(expectStatus(await get(b, id, 'sessions/1'), 200).body).toMatchObject({ sessionNo: 1, recorder: RECORDER, signed: false, minutes: null });

    // The union proposes 1500 yuan; the employer counters with 1600; the union's chief agrees to the counter.
    const mine = expectStatus(await post(b, id, 'proposals', { sessionNo, action: 'amend', articleKey: 'pay-lowest', text: wageText(1500), terms: { lowestMonthlyWage: 1500 }, reason: '保障一线职工' }, 'union.demo'), 201).body;
    expect(mine).toMatchObject({ side: 'employee', status: 'open', baseVersion: 1, seq: 1 });
    const counter = expectStatus(
      await post(b, id, 'proposals', { sessionNo, action: 'amend', articleKey: 'pay-lowest', text: wageText(1600), terms: { lowestMonthlyWage: 1600 }, counterTo: mine.id }, 'employer.demo'),
      201,
    ).body;
    expect(counter).toMatchObject({ side: 'employer', status: 'open', counterTo: mine.id });
    // The proposing side may not agree to its own proposal.
    expect((await post(b, id, `proposals/${counter.id}/agreement`, {}, 'employer.demo')).status).toBe(403);
    const agreed = expectStatus(await post(b, id, `proposals/${counter.id}/agreement`, { remark: '同意' }, 'union.demo'), 200).body;
    expect(agreed).toMatchObject({ status: 'agreed', decidedBy: expect.any(String), decisionRemark: '同意' });

    // Minutes, then both chiefs confirm: the second confirmation signs them.
    const heldOn = nextDay(b);
    expectStatus(await put(b, id, 'sessions/1/minutes', { heldOn, attendance: ['E-001', 'E-002', 'M-001', 'M-002'], minutes: '双方就最低工资达成一致' }), 200);
    const first = expectStatus(await post(b, id, 'sessions/1/confirmation', {}, 'union.demo'), 200).body;
    expect(first).toMatchObject({ signed: false, draftVersion: null, employeeConfirmedBy: expect.any(String), employerConfirmedBy: null });
    expect((await historyOf(b, id)).map((e) => e.type)).not.toContain('SESSION_HELD');
    const second = expectStatus(await post(b, id, 'sessions/1/confirmation', {}, 'employer.demo'), 200).body;
    expect(second).toMatchObject({ signed: true, draftVersion: 2, employerConfirmedBy: EMPLOYER_CHIEF });

    const held = (await historyOf(b, id)).filter((e) => e.type === 'SESSION_HELD');
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ occurredOn: heldOn, payload: { occurredOn: heldOn, sessionNo: 1, minutesSignedByBothChiefs: true, summary: '双方就最低工资达成一致' } });
    expect(expectStatus(await get(b, id), 200).body).toMatchObject({ state: 'negotiating', record: { sessionsHeld: 1 } });

    // Draft version 2 holds the agreed text and terms.
    const v2 = expectStatus(await get(b, id, 'drafts/2'), 200).body;
    expect(v2).toMatchObject({ version: 2, source: 'agreed', sessionNo: 1, proposalIds: [counter.id] });
    const lowest2 = v2.chapters.flatMap((c: { articles: object[] }) => c.articles).find((a: { key: string }) => a.key === 'pay-lowest');
    expect(lowest2).toMatchObject({ no: 3, text: wageText(1600), terms: { lowestMonthlyWage: 1600 } });
    expect(expectStatus(await get(b, id, 'drafts/latest'), 200).body.version).toBe(2);
    expect(expectStatus(await get(b, id, 'drafts'), 200).body.map((d: { version: number }) => d.version)).toEqual([1, 2]);

    const proposals = expectStatus(await get(b, id, 'proposals'), 200).body as { id: string; status: string; appliedIn: number | null }[];
    expect(proposals.map((p) => [p.id, p.status, p.appliedIn])).toEqual([
      [mine.id, 'countered', null],
      [counter.id, 'applied', 2],
    ]);
    expect(expectStatus(await get(b, id, 'proposals?status=applied'), 200).body.map((p: { id: string }) => p.id)).toEqual([counter.id]);

    // Redline v1 → v2: only 'pay-lowest' changed, by a deletion and an insertion.
    const red = expectStatus(await get(b, id, 'drafts/2/redline?against=1&format=json'), 200).body;
    expect(red.summary).toMatchObject({ changed: 1, added: 0, deleted: 0, moved: 0 });
    const changed = red.articles.filter((a: { change: string }) => a.change !== 'unchanged');
    expect(changed.map((a: { key: string; change: string }) => [a.key, a.change])).toEqual([['pay-lowest', 'changed']]);
    const ops = changed[0].text as { op: string; text: string }[];
    expect(ops.filter((o) => o.op === 'delete').map((o) => o.text).join('')).toContain('____');
    expect(ops.filter((o) => o.op === 'insert').map((o) => o.text).join('')).toContain('1600');
    expect(ops.filter((o) => o.op !== 'delete').map((o) => o.text).join('')).toBe(wageText(1600));
    expect(ops.filter((o) => o.op !== 'insert').map((o) => o.text).join('')).toBe(lowest1.text);
    expect(changed[0].terms).toEqual([{ name: 'lowestMonthlyWage', to: 1600 }]);
    const html = await get(b, id, 'drafts/2/redline?against=1&format=html');
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toMatch(/<del>[^<]*____[^<]*<\/del>/);
    expect(html.text).toMatch(/<ins>[^<]*1600[^<]*<\/ins>/);
    expect(html.text).toContain('data-key="pay-lowest"');

    // The signed session takes no more proposals.
    const late = await post(b, id, 'proposals', { sessionNo: 1, action: 'amend', articleKey: 'pay-increase', text: '企业职工工资年增长幅度不低于5%。' });
    expect(late.status).toBe(409);
  });

  it('confirmation: a second one by the same chief → 409; a non-chief of the side or the instructor → 403', async () => {
    const id = await negotiatingCase(b);
    await startDraft(b, id);
    const sessionNo = await scheduleSession(b, id);
    // No minutes yet: nothing to confirm.
    expect((await post(b, id, `sessions/${sessionNo}/confirmation`, {}, 'union.demo')).status).toBe(409);
    expectStatus(await put(b, id, `sessions/${sessionNo}/minutes`, { heldOn: nextDay(b), attendance: ['E-001', 'M-001'], minutes: '议定议程' }), 200);

    const member = await post(b, id, `sessions/${sessionNo}/confirmation`, {}, UNION_MEMBER);
    expect(member.status).toBe(403);
    expect(member.headers['content-type']).toMatch(PROBLEM);
    expect((await post(b, id, `sessions/${sessionNo}/confirmation`, {}, 'instructor.demo')).status).toBe(404); // not assigned: no such case for them
    await assignDemoInstructor(b.t, id);
    expect((await post(b, id, `sessions/${sessionNo}/confirmation`, {}, 'instructor.demo')).status).toBe(403);
    expect((await post(b, id, `sessions/${sessionNo}/confirmation`, {}, 'bureau.demo')).status).toBe(403);

    expectStatus(await post(b, id, `sessions/${sessionNo}/confirmation`, { remark: '无异议' }, 'union.demo'), 200);
    const again = await post(b, id, `sessions/${sessionNo}/confirmation`, {}, 'union.demo');
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toMatch(PROBLEM);
    // Once a chief confirmed, the minutes are frozen.
    expect((await put(b, id, `sessions/${sessionNo}/minutes`, { heldOn: today(), attendance: ['E-001', 'M-001'], minutes: '改写' })).status).toBe(409);

    const session = expectStatus(await get(b, id, `sessions/${sessionNo}`), 200).body;
    expect(session).toMatchObject({ signed: false, employeeRemark: '无异议', employerConfirmedBy: null, minutes: '议定议程' });
    expect((await historyOf(b, id)).map((e) => e.type)).not.toContain('SESSION_HELD');

    // The employer's chief completes it; a further confirmation by either is refused and logs nothing more.
    expect(expectStatus(await post(b, id, `sessions/${sessionNo}/confirmation`, {}, 'employer.demo'), 200).body).toMatchObject({ signed: true, draftVersion: null });
    expect((await post(b, id, `sessions/${sessionNo}/confirmation`, {}, 'employer.demo')).status).toBe(409);
    expect((await historyOf(b, id)).filter((e) => e.type === 'SESSION_HELD')).toHaveLength(1);
  });

  it('minutes signed days after the session, with another act between the two confirmations: SESSION_HELD is dated the signing, the session day travels with it', async () => {
    const id = await negotiatingCase(b);
    const sessionNo = await scheduleSession(b, id);
    const heldOn = nextDay(b);
    expectStatus(await put(b, id, `sessions/${sessionNo}/minutes`, { heldOn, attendance: ['E-001', 'M-001'], minutes: '议定议程' }), 200);
    expectStatus(await post(b, id, `sessions/${sessionNo}/confirmation`, {}, 'union.demo'), 200);
    // Meanwhile a representative leaves, dated later than the session.
    expectStatus(await post(b, id, 'representatives/M-003/replacement', { occurredOn: nextDay(b, 2), reason: 'transferred', successor: rep('钱进', 'M-004') }, 'employer.demo'), 200);
    const signedOn = nextDay(b);
    expect(expectStatus(await post(b, id, `sessions/${sessionNo}/confirmation`, {}, 'employer.demo'), 200).body.signed).toBe(true);
    const held = (await historyOf(b, id)).at(-1)!;
    expect(held).toMatchObject({ type: 'SESSION_HELD', occurredOn: signedOn, payload: { heldOn, sessionNo } });
  });
});

describe('proposals: who may table them, and their terms', () => {
  it('a party not on the case gets 404, for listing, proposing and agreeing alike', async () => {
    const id = await negotiatingCase(b);
    await startDraft(b, id);
    const sessionNo = await scheduleSession(b, id);
    const body = { sessionNo, action: 'amend', articleKey: 'pay-lowest', terms: { lowestMonthlyWage: 1600 } };
    for (const stranger of ['union.mianyang', 'employer.jinjiang'] as const) {
      const res = await post(b, id, 'proposals', body, stranger);
      expect({ who: stranger, status: res.status }).toEqual({ who: stranger, status: 404 });
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect((await get(b, id, 'proposals', stranger)).status).toBe(404);
    }
    const mine = expectStatus(await post(b, id, 'proposals', body), 201).body;
    expect((await post(b, id, `proposals/${mine.id}/agreement`, {}, 'employer.jinjiang')).status).toBe(404);
    expect(expectStatus(await get(b, id, 'proposals'), 200).body).toHaveLength(1);
    // Nor may it see the rest of the workspace.
    for (const sub of ['representatives', 'sessions', 'sessions/1', 'drafts', 'drafts/latest', 'drafts/1/redline?against=1', 'congress', 'compliance']) {
      const res = await get(b, id, sub, 'union.mianyang');
      expect({ sub, status: res.status }).toEqual({ sub, status: 404 });
    }
  });

  it('malformed terms: 400 naming each field (terms.lowestMonthlyWage, terms.termStart, an unknown terms field)', async () => {
    const id = await negotiatingCase(b);
    await startDraft(b, id);
    const sessionNo = await scheduleSession(b, id);
    const propose = (terms: Record<string, unknown>) => post(b, id, 'proposals', { sessionNo, action: 'amend', articleKey: 'pay-lowest', terms });

    expect(fieldErrors(await propose({ lowestMonthlyWage: 'abc' }))).toEqual([{ field: 'terms.lowestMonthlyWage', rule: 'isNumber' }]);
    expect(fieldErrors(await propose({ termStart: '2019-13-01' }))).toEqual([{ field: 'terms.termStart', rule: expect.stringMatching(/date/i) }]);
    expect(fieldErrors(await propose({ lowestMonthlyWage: 1600, bonusPerYear: 2000 }))).toEqual([{ field: 'terms.bonusPerYear', rule: 'unknownField' }]);
    expect(fieldErrors(await propose({ lowestMonthlyWage: -1 }))).toEqual([{ field: 'terms.lowestMonthlyWage', rule: 'min' }]);
    expect(fieldErrors(await propose({ lowestMonthlyWage: 1600.123 }))).toEqual([{ field: 'terms.lowestMonthlyWage', rule: 'isNumber' }]);
    // An article the draft does not have is named too.
    expect(fieldErrors(await post(b, id, 'proposals', { sessionNo, action: 'amend', articleKey: 'no-such-article', terms: { lowestMonthlyWage: 1600 } }))).toEqual([{ field: 'articleKey', rule: 'draft' }]);
    expect(expectStatus(await get(b, id, 'proposals'), 200).body).toEqual([]);
  });

  it('deciding on a proposal that is no longer open → 409 problem+json', async () => {
    const id = await negotiatingCase(b);
    await startDraft(b, id);
    const sessionNo = await scheduleSession(b, id);
    const mine = expectStatus(await post(b, id, 'proposals', { sessionNo, action: 'amend', articleKey: 'pay-lowest', terms: { lowestMonthlyWage: 1800 } }), 201).body;
    const counter = expectStatus(await post(b, id, 'proposals', { sessionNo, action: 'amend', articleKey: 'pay-lowest', terms: { lowestMonthlyWage: 1700 }, counterTo: mine.id }, 'employer.demo'), 201).body;
    expectStatus(await post(b, id, `proposals/${counter.id}/agreement`, {}, 'union.demo'), 200);

    const cases: [string, string, Who][] = [
      [mine.id, 'agreement', 'employer.demo'], // countered
      [counter.id, 'agreement', 'union.demo'], // already agreed
      [counter.id, 'withdrawal', 'employer.demo'], // agreed: too late to withdraw
    ];
    for (const [pid, what, who] of cases) {
      const res = await post(b, id, `proposals/${pid}/${what}`, {}, who);
      expect({ what, status: res.status, type: res.body.type }).toEqual({ what, status: 409, type: 'urn:cb-engine:problem:conflict' });
    }
  });
});

describe('representatives: the chief’s account', () => {
  it('a chief linked to an account of the other side → 422 representatives.account; nothing is appointed', async () => {
    const id = expectStatus(await b.t.http().post('/api/cases').set(b.H['union.demo']).send(ENTERPRISE_CASE), 201).body.id as string;
    expectStatus(await sendEvent(b, id, 'union.demo', 'OFFER_ISSUED', { occurredOn: nextDay(b), subjects: ['劳动报酬'] }), 200);
    expectStatus(await sendEvent(b, id, 'employer.demo', 'RESPONSE_AGREED', { occurredOn: nextDay(b) }), 200);

    const wrong = employeeTeam().map((m) => (m.chief ? { ...m, userId: EMPLOYER_CHIEF } : m));
    const res = await post(b, id, 'representatives', { occurredOn: nextDay(b), members: wrong });
    expect(violationsOf(res).map((v) => v.rule)).toEqual(['representatives.account']);
    expect(res.body.violations[0].article).toMatch(/CCP Arts? 20/);
    const after = expectStatus(await get(b, id, 'representatives'), 200).body;
    expect(after.employee).toEqual([]);

    // The employer may not link its chief to the union's account either; the union's chief on the union's own account is accepted.
    const employer = await post(b, id, 'representatives', { occurredOn: today(), members: employerTeam().map((m) => (m.chief ? { ...m, userId: UNION_CHIEF } : m)) }, 'employer.demo');
    expect(violationsOf(employer).map((v) => v.rule)).toEqual(['representatives.account']);
    expectStatus(await post(b, id, 'representatives', { occurredOn: today(), members: employeeTeam() }), 200);
    expect(expectStatus(await get(b, id, 'representatives'), 200).body.employee.find((m: { chief: boolean }) => m.chief)).toMatchObject({ personId: 'E-001', userId: employeeTeam()[0].userId });
  });
});

const today = () => chinaToday(b.t);
