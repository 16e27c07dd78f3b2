import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { EXTRA_PASSWORD } from '../engine/engine-helpers.js';
import {
  EMPLOYER_CHIEF,
  ENTERPRISE_CASE,
  expectStatus,
  get,
  historyOf,
  negotiatingCase,
  nextDay,
  RECORDER,
  resetBench,
  sendEvent,
  startBench,
  startDraft,
  UNION_CHIEF,
  type Bench,
} from '../negotiation/workspace-helpers.js';
import { samplePayload } from '../support/procedure-samples.js';

// The workspace pages over HTTP (session cookie, CSRF): the team form refused on a rule with the message beside
// the rows and then accepted; a session scheduled, minuted and confirmed by both chiefs (SESSION_HELD); a proposal
// agreed that makes a draft version whose redline shows it; the congress vote per Art 36; out of reach 404; no CSRF 403.

let b: Bench;
const cookies: Record<string, string> = {};

const cookiesOf = (res: Response): string[] => ([] as string[]).concat(res.headers['set-cookie'] ?? []);

async function session(username: string, password = 'demo12345'): Promise<string> {
  if (cookies[username]) return cookies[username];
  const form = await b.t.http().get('/login');
  const nonce = cookiesOf(form).find((c) => c.startsWith('cb_login_csrf='))!.split(';')[0];
  const token = /name="csrf" value="([^"]+)"/.exec(form.text)![1];
  const res = await b.t.http().post('/login').set('Cookie', nonce).type('form').send({ csrf: token, username, password });
  expect(res.status).toBe(303);
  cookies[username] = cookiesOf(res).find((c) => c.startsWith('cb_session='))!.split(';')[0];
  return cookies[username];
}

async function open(who: string, path: string, status = 200) {
  const res = await b.t.http().get(path).set('Cookie', await session(who));
  expect({ path, status: res.status }).toEqual({ path, status });
  return { res, csrf: /name="csrf" value="([^"]+)"/.exec(res.text)?.[1] ?? '' };
}

/** Posts a page's form as the browser would: the session's CSRF token (the same on every page) unless told not to. */
async function submit(who: string, path: string, fields: Record<string, string>, withCsrf = true) {
  const { csrf } = await open(who, '/');
  return b.t
    .http()
    .post(path)
    .set('Cookie', await session(who))
    .type('form')
    .send(withCsrf ? { csrf, ...fields } : fields);
}

/** The team form's rows: `m.<i>.<field>`; `chief` names the chief's row. */
function teamForm(occurredOn: string, members: { name: string; personId: string; position?: string; userId?: string; external?: boolean; delegated?: boolean }[], chief = 0) {
  const fields: Record<string, string> = { occurredOn, chief: String(chief) };
  members.forEach((m, i) => {
    Object.assign(fields, { [`m.${i}.name`]: m.name, [`m.${i}.personId`]: m.personId, [`m.${i}.position`]: m.position ?? 'other', [`m.${i}.userId`]: m.userId ?? '' });
    if (m.external) fields[`m.${i}.external`] = 'true';
    if (m.delegated) fields[`m.${i}.delegated`] = 'true';
  });
  // Two blank rows, as the page offers them: ignored.
  for (const i of [members.length, members.length + 1]) Object.assign(fields, { [`m.${i}.name`]: '', [`m.${i}.personId`]: '', [`m.${i}.position`]: 'other' });
  return fields;
}

const UNION_ROWS = [
  { name: '张红梅', personId: 'E-001', position: 'union_chair', userId: UNION_CHIEF },
  { name: '李强', personId: 'E-002' },
  { name: '王芳', personId: 'E-003' },
];
const EMPLOYER_ROWS = [
  { name: '王建国', personId: 'M-001', position: 'legal_representative', userId: EMPLOYER_CHIEF },
  { name: '赵敏', personId: 'M-002' },
  { name: '孙伟', personId: 'M-003' },
];

/** A comprehensive case of 蜀锦机械 in preparing_talks (offer and response recorded). */
async function preparingCase(): Promise<string> {
  const id = expectStatus(await b.t.http().post('/api/cases').set(b.H['union.demo']).send(ENTERPRISE_CASE), 201).body.id as string;
  expectStatus(await sendEvent(b, id, 'union.demo', 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', nextDay(b))), 200);
  expectStatus(await sendEvent(b, id, 'employer.demo', 'RESPONSE_AGREED', samplePayload('RESPONSE_AGREED', nextDay(b))), 200);
  return id;
}

const errorsBox = (html: string) => /<div class="error" role="alert" id="team-errors">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';

beforeAll(async () => {
  b = await startBench();
});

afterAll(async () => {
  await b?.t.close();
});

beforeEach(async () => {
  await resetBench(b);
});

describe('team /cases/:id/team', () => {
  it('two rows are refused (at least three a side, CCP Art 19) with the message beside the rows and the rows kept; three pass; both teams → ready, linked to the case page’s TALKS_SCHEDULED form', async () => {
    const id = await preparingCase();
    const { res: first } = await open('union.demo', `/cases/${id}/team`);
    expect(first.text).toContain('id="form-team"');
    expect(first.text).toContain('name="m.4.name"'); // five rows to fill
    expect(first.text).toMatch(/<button type="submit" id="form-team-submit"/);

    const refused = await submit('union.demo', `/cases/${id}/team`, teamForm(nextDay(b), UNION_ROWS.slice(0, 2)));
    expect(refused.status).toBe(400);
    expect(errorsBox(refused.text)).toContain('职工方协商代表不足 3 人（现 2 人）（CCP Art 19）');
    expect(refused.text).toContain('value="李强"');
    expect(expectStatus(await get(b, id, 'representatives'), 200).body.employee).toEqual([]);

    // An expert as chief is refused too (CCP Art 23), here in English.
    const expertChief = await submit('union.demo', `/cases/${id}/team?lang=en`, teamForm(nextDay(b), [{ ...UNION_ROWS[0], external: true, delegated: true }, ...UNION_ROWS.slice(1)]));
    expect(expertChief.status).toBe(400);
    expect(errorsBox(expertChief.text)).toContain('external expert 张红梅 may not be chief representative (CCP Art 23)');

    const ok = await submit('union.demo', `/cases/${id}/team`, teamForm(nextDay(b), UNION_ROWS));
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe(`/cases/${id}/team?saved=1`);
    const stored = expectStatus(await get(b, id, 'representatives'), 200).body;
    expect(stored.employee.map((m: { personId: string; chief: boolean; userId?: string }) => [m.personId, m.chief, m.userId ?? null])).toEqual([
      ['E-001', true, UNION_CHIEF],
      ['E-002', false, null],
      ['E-003', false, null],
    ]);
    const { res: after } = await open('union.demo', `/cases/${id}/team?saved=1`);
    expect(after.text).toContain('已记录本方协商代表名单');
    expect(after.text).toContain('双方协商代表人数应当对等（3 对 0）');

    // The employer sees the union's team and fills its own.
    const { res: employerView } = await open('employer.demo', `/cases/${id}/team`);
    expect(employerView.text).toMatch(/id="team-employee"[\s\S]*张红梅/);
    expect(expectStatus(await submit('employer.demo', `/cases/${id}/team`, teamForm(nextDay(b), EMPLOYER_ROWS)), 303).status).toBe(303);
    const { res: ready } = await open('union.demo', `/cases/${id}/team`);
    expect(ready.text).toContain('id="team-ready"');
    expect(ready.text).toContain(`href="/cases/${id}#form-TALKS_SCHEDULED"`);
    const { res: casePage } = await open('union.demo', `/cases/${id}`);
    expect(casePage.text).toContain('id="form-TALKS_SCHEDULED"');
  });

  it('a person listed twice is refused by the API’s rule (CCP Art 19) beside the rows; a departure is recorded with its 15-day vacancy', async () => {
    const id = await negotiatingCase(b);
    const twice = await submit('union.demo', `/cases/${id}/team`, teamForm(nextDay(b), [...UNION_ROWS, { name: '李强', personId: 'E-002' }]));
    expect(twice.status).toBe(422);
    expect(errorsBox(twice.text)).toContain('李强（E-002）在名单中出现两次');
    const left = await submit('union.demo', `/cases/${id}/team/departure`, { personId: 'E-003', occurredOn: nextDay(b), reason: 'resigned', ground: '', note: '', 'successor.name': '', 'successor.personId': '' });
    expect(left.status).toBe(303);
    const { res } = await open('union.demo', `/cases/${id}/team?saved=left`);
    expect(res.text).toContain('id="vacancies"');
    expect((await historyOf(b, id)).map((e) => e.type)).toContain('REPRESENTATIVE_LEFT');
  });
});

describe('negotiation /cases/:id/negotiation', () => {
  it('a recorder who is a representative is refused (CCP Art 33); a session scheduled, minuted, confirmed by one chief and then the other records SESSION_HELD', async () => {
    const id = await negotiatingCase(b);
    const page = `/cases/${id}/negotiation`;
    const scheduleFields = (recorder: { name: string; personId: string }) => ({ scheduledOn: nextDay(b), startsAt: '09:30', place: '公司三楼会议室', agenda: '劳动报酬\r\n工作时间', 'recorder.name': recorder.name, 'recorder.personId': recorder.personId });
    const bad = await submit('union.demo', `${page}/sessions`, scheduleFields({ name: '李强', personId: 'E-002' }));
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('记录员 李强 不得由协商代表兼任（CCP Art 33）');

    expect((await submit('union.demo', `${page}/sessions`, scheduleFields(RECORDER))).status).toBe(303);
    const { res: scheduled } = await open('union.demo', page);
    expect(scheduled.text).toContain('id="form-minutes-1"');
    expect(scheduled.text).not.toContain('id="form-confirm-1"'); // nothing to confirm before the minutes

    const minutes = await submit('employer.demo', `${page}/sessions/1/minutes`, { heldOn: nextDay(b), 'present.E-001': 'true', 'present.M-001': 'true', 'present.E-002': 'true', minutes: '双方就工资调整进行协商。' });
    expect(minutes.status).toBe(303);
    const { res: minuted } = await open('union.demo', page);
    expect(minuted.text).toContain('id="form-confirm-1"');

    expect((await submit('union.demo', `${page}/sessions/1/confirmation`, { remark: '' })).status).toBe(303);
    expect((await historyOf(b, id)).map((e) => e.type)).not.toContain('SESSION_HELD');
    const { res: once } = await open('union.demo', page);
    expect(once.text).not.toContain('id="form-confirm-1"');
    expect(once.text).not.toContain('id="form-minutes-1"'); // frozen after the first confirmation

    expect((await submit('employer.demo', `${page}/sessions/1/confirmation`, { remark: '确认' })).status).toBe(303);
    const held = (await historyOf(b, id)).filter((e) => e.type === 'SESSION_HELD');
    expect(held.map((e) => e.payload.sessionNo)).toEqual([1]);
    const { res: signed } = await open('employer.demo', page);
    expect(signed.text).toMatch(/id="session-1" data-signed="true"/);
    expect(signed.text).toContain('SESSION_HELD');
  });

  it('a proposal tabled by the union and agreed by the employer’s chief becomes draft version 2 when the minutes are signed; the redline shows the change with <ins> and <del>', async () => {
    const id = await negotiatingCase(b);
    const page = `/cases/${id}/negotiation`;
    expect((await submit('union.demo', `${page}/draft`, { from: 'template' })).status).toBe(303);
    expect((await submit('union.demo', `${page}/sessions`, { scheduledOn: nextDay(b), place: '会议室', agenda: '最低工资', 'recorder.name': RECORDER.name, 'recorder.personId': RECORDER.personId })).status).toBe(303);
    const { res: drafted } = await open('union.demo', page);
    expect(drafted.text).toContain('id="form-proposal"');
    expect(drafted.text).toContain('id="art-pay-lowest"');

    const text = '企业支付给职工的月最低工资不低于2500元，且不低于当地最低工资标准。';
    const missing = await submit('union.demo', `${page}/proposals`, { sessionNo: '1', action: 'amend', articleKey: '', text });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('须指明条款');
    const tabled = await submit('union.demo', `${page}/proposals`, { sessionNo: '1', action: 'amend', articleKey: 'pay-lowest', text, termName: 'lowestMonthlyWage', termValue: '2500', reason: '物价上涨' });
    expect(tabled.status).toBe(303);
    const proposal = expectStatus(await get(b, id, 'proposals'), 200).body[0];
    expect(proposal).toMatchObject({ side: 'employee', action: 'amend', articleKey: 'pay-lowest', text, terms: { lowestMonthlyWage: 2500 }, status: 'open' });

    // The union cannot agree to its own proposal: no form for it; the employer's chief has one.
    expect((await open('union.demo', page)).res.text).not.toContain(`id="form-agree-${proposal.id}"`);
    const { res: employerPage } = await open('employer.demo', page);
    expect(employerPage.text).toContain(`id="form-agree-${proposal.id}"`);
    expect((await submit('employer.demo', `${page}/proposals/${proposal.id}/agreement`, { remark: '同意' })).status).toBe(303);
    expect(expectStatus(await get(b, id, `proposals`), 200).body[0].status).toBe('agreed');
    // Sent again (a second tab): 409, the message at the top since the page no longer offers that form.
    const twice = await submit('employer.demo', `${page}/proposals/${proposal.id}/agreement`, {});
    expect(twice.status).toBe(409);
    expect(/id="loose-errors">([\s\S]*?)<\/ul>/.exec(twice.text)?.[1]).toContain('已是“agreed”状态');

    expect((await submit('union.demo', `${page}/sessions/1/minutes`, { heldOn: nextDay(b), 'present.E-001': 'true', 'present.M-001': 'true', minutes: '同意最低工资 2500 元' })).status).toBe(303);
    expect((await submit('union.demo', `${page}/sessions/1/confirmation`, {})).status).toBe(303);
    expect((await submit('employer.demo', `${page}/sessions/1/confirmation`, {})).status).toBe(303);
    expect(expectStatus(await get(b, id, 'drafts'), 200).body.map((d: { version: number }) => d.version)).toEqual([1, 2]);

    const { res: redline } = await open('union.demo', page);
    expect(redline.text).toContain('id="draft-version">2<');
    const article = /<article class="ws-rl-article ws-rl-changed" data-change="changed" data-key="pay-lowest"[\s\S]*?<\/article>/.exec(redline.text)?.[0] ?? '';
    expect(article).toContain('修改');
    expect(article).toMatch(/<ins><span class="ws-mark" aria-hidden="true">\+<\/span><span class="visually-hidden">［新增：<\/span>[^<]*2500/);
    expect(article).toMatch(/<del>/);
    // The version picker: 1 against 2 explicitly, and an unknown version is a message, not a 500.
    expect((await open('union.demo', `${page}?against=1&to=2`)).res.text).toContain('data-key="pay-lowest"');
    expect((await open('union.demo', `${page}?against=7&to=2`)).res.text).toContain('所选草案版本不存在');
  });
});

describe('congress /cases/:id/congress', () => {
  async function inCongressReview(): Promise<string> {
    const id = await negotiatingCase(b);
    await startDraft(b, id);
    expectStatus(await sendEvent(b, id, 'union.demo', 'DRAFT_AGREED', { occurredOn: nextDay(b), signedByBothChiefs: true }), 200);
    return id;
  }
  const vote = (present: string, yes: string) => ({ body: 'congress', roster: '100', present, yes, no: '0', abstain: '0', occurredOn: nextDay(b), objections: '' });

  it('66 of 100 present fails the quorum (back to negotiating, the reason shown); 67 present and 51 yes pass (awaiting signature)', async () => {
    const id = await inCongressReview();
    const page = `/cases/${id}/congress`;
    const { res: shown } = await open('union.demo', page);
    expect(shown.text).toContain('id="form-congress"');
    expect(shown.text).toContain('出席人数不少于应到人数的三分之二');
    expect((await open('employer.demo', page)).res.text).not.toContain('id="form-congress"');
    const byEmployer = await submit('employer.demo', page, vote('90', '80'));
    expect(byEmployer.status).toBe(403);
    expect(byEmployer.text).toContain('id="loose-errors"');
    expect((await historyOf(b, id)).map((e) => e.type)).not.toContain('CONGRESS_VOTED');

    const failed = await submit('union.demo', page, vote('66', '60'));
    expect(failed.status).toBe(303);
    const { res: afterFail } = await open('union.demo', `${page}?voted=1`);
    expect(afterFail.text).toMatch(/id="vote-result" data-passed="false"/);
    expect(afterFail.text).toContain('出席人数 66 未达应到人数 100 的 2/3');
    expect(expectStatus(await get(b, id), 200).body.state).toBe('negotiating');

    const again = await inCongressReview();
    const numbers = await submit('union.demo', `/cases/${again}/congress`, { ...vote('67', '51'), yes: 'many' });
    expect(numbers.status).toBe(400);
    expect(numbers.text).toContain('id="v-yes-error"');
    const passed = await submit('union.demo', `/cases/${again}/congress`, vote('67', '51'));
    expect(passed.status).toBe(303);
    const { res: afterPass } = await open('union.demo', `/cases/${again}/congress?voted=1`);
    expect(afterPass.text).toMatch(/id="vote-result" data-passed="true"/);
    expect(expectStatus(await get(b, again), 200).body.state).toBe('awaiting_signature');
    const recorded = (await historyOf(b, again)).find((e) => e.type === 'CONGRESS_VOTED')!;
    expect(recorded.payload).toMatchObject({ body: 'congress', roster: 100, present: 67, yes: 51, no: 0, abstain: 0 });
  });
});

describe('reach and CSRF', () => {
  it('a union of another jurisdiction gets 404 on all three pages and their forms; a post without the CSRF token is 403 and records nothing', async () => {
    const id = await negotiatingCase(b);
    await session('union.mianyang', EXTRA_PASSWORD);
    for (const sub of ['team', 'negotiation', 'congress']) await open('union.mianyang', `/cases/${id}/${sub}`, 404);
    const { csrf } = await open('union.mianyang', '/');
    const outOfReach = await b.t.http().post(`/cases/${id}/negotiation/sessions`).set('Cookie', await session('union.mianyang')).type('form').send({ csrf, scheduledOn: nextDay(b), place: 'x', agenda: 'x', 'recorder.name': 'x', 'recorder.personId': 'x' });
    expect(outOfReach.status).toBe(404);

    const before = (await historyOf(b, id)).length;
    const noToken = await submit('union.demo', `/cases/${id}/team`, teamForm(nextDay(b), UNION_ROWS), false);
    expect(noToken.status).toBe(403);
    const wrongToken = await b.t.http().post(`/cases/${id}/congress`).set('Cookie', await session('union.demo')).type('form').send({ csrf: 'forged', body: 'congress', roster: '100', present: '90', yes: '80', no: '0', abstain: '0', occurredOn: nextDay(b) });
    expect(wrongToken.status).toBe(403);
    expect((await historyOf(b, id)).length).toBe(before);
    expect(expectStatus(await get(b, id, 'sessions'), 200).body).toEqual([]);
  });
});
