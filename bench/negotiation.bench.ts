// `npm run bench:negotiation`: the negotiation workspace. In process: the redline of two versions of a
// 200-article contract (character diff inside each article), the compliance checker on it, applying 50
// agreed proposals. Over HTTP (embedded database, or PostgreSQL with TEST_DATABASE_URL): one whole session
// round — schedule, propose, agree, minutes, both chiefs confirm (SESSION_HELD + a new draft version) —
// and the compliance and redline reads. Prints figures; the last line is one JSON object.
import 'reflect-metadata';
import { applyChanges, type ArticleChangeRequest } from '../src/bargaining/contract/apply-proposals.js';
import type { ContractDocument } from '../src/bargaining/contract/contract-document.js';
import { redline } from '../src/bargaining/contract/redline.js';
import { skeletonOf } from '../src/bargaining/contract/skeletons.js';
import { checkCompliance } from '../src/compliance/compliance-checker.js';
import { MinimumWageTable } from '../src/compliance/minimum-wage.js';
import { demoId } from '../src/database/seed/demo-seed.js';
import { seedDemoCases } from '../src/database/seed/demo-cases.js';
import { DeadlineCalendar } from '../src/workflow-engine/calendar/deadline-calendar.js';
import { initialContext } from '../src/workflow-engine/machine/case-context.js';
import { startTestApp } from '../test/support/test-app.js';
import { os } from './os.js';
import { drive, percentile, round, rssMb } from './support.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

/** A contract of `articles` articles in 10 chapters, each a paragraph of Chinese contract text. */
function bigContract(articles: number): ContractDocument {
  const base = skeletonOf('comprehensive').chapters.flatMap((c) => c.articles);
  return {
    chapters: Array.from({ length: 10 }, (_, c) => ({
      title: `第${c + 1}部分`,
      articles: Array.from({ length: articles / 10 }, (_, i) => {
        const a = base[(c * 10 + i) % base.length];
        return { ...a, key: `a-${c}-${i}`, text: `${a.text}${'企业应当依法保障职工的合法权益，双方共同遵守本条约定。'.repeat(3)}` };
      }),
    })),
  };
}

function timeIt(fn: () => unknown, seconds: number) {
  const times: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { count: times.length, perSecond: round(times.length / seconds, 1), p50: round(percentile(times, 50), 3), p95: round(percentile(times, 95), 3) };
}

function inProcess() {
  const from = bigContract(200);
  // A third of the articles edited inside the text, five moved, five deleted, five added.
  const changes: ArticleChangeRequest[] = [];
  from.chapters.forEach((ch, c) =>
    ch.articles.forEach((a, i) => {
      if (i % 3 === 0) changes.push({ action: 'amend', articleKey: a.key, text: a.text.replace('依法', '严格依照法律法规').replace('共同遵守', '共同遵守并定期检查') });
      if (i === 19 && c < 5) changes.push({ action: 'delete', articleKey: a.key });
    }),
  );
  for (let k = 0; k < 5; k++) changes.push({ action: 'add', articleKey: `new-${k}`, chapterNo: k + 1, afterKey: null, title: '新增条款', text: '企业每年组织一次职工健康检查，费用由企业承担。', topics: ['safety_health'] });
  const to = applyChanges(from, changes);
  const moved = to.chapters[9].articles.splice(0, 5);
  to.chapters[0].articles.push(...moved);
  const r = redline(from, to, { from: 'v1', to: 'v2' });
  const tables = { minimumWage: MinimumWageTable.fromDirectory(), calendar: DeadlineCalendar.fromDirectory() };
  const input = { kind: 'comprehensive', regionPath: ['510000', '510100', '510107'], today: '2026-11-25', draft: { version: 2, content: to }, context: initialContext('comprehensive', 'employee'), params: { termMinYears: 1, termMaxYears: 3, filingDays: 10, minRepresentativesPerSide: 3, maxRepresentativesPerSide: 0, expertShareNumerator: 1, expertShareDenominator: 3, congressQuorumNumerator: 2, congressQuorumDenominator: 3 } };
  const fifty = changes.slice(0, 50);
  return {
    contract: { articles: 200, chars: JSON.stringify(from).length, redlineSummary: r.summary },
    redline: timeIt(() => redline(from, to, { from: 'v1', to: 'v2' }), SECONDS),
    compliance: timeIt(() => checkCompliance(input, tables), SECONDS),
    apply50: timeIt(() => applyChanges(from, fifty), SECONDS),
  };
}

async function overHttp(database: 'pglite' | 'auto') {
  const t = await startTestApp({ database });
  await seedDemoCases(t.app);
  const server = t.app.getHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const union = { authorization: `Bearer ${await t.login('union.demo')}`, 'content-type': 'application/json' };
  const employer = { authorization: `Bearer ${await t.login('employer.demo')}`, 'content-type': 'application/json' };
  const [{ id }] = await t.dataSource.query(`SELECT id FROM cases WHERE union_org_id = $1 AND kind = 'wage' AND status = 'negotiating'`, [demoId('union-shujin')]);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<any> => {
    const res = await fetch(`${base}/api/cases/${id}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await res.json();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const today = DeadlineCalendar.chinaDate(t.clock.now());
  const members = ['E-001', 'E-002', 'E-003', 'M-001', 'M-002', 'M-003'];
  let n = 0;
  const round1 = async () => {
    n++;
    const session = await call('POST', '/sessions', union, { scheduledOn: today, place: '公司三楼会议室', agenda: ['年度工资增长幅度'], recorder: { name: '周记录', personId: 'R-001' } });
    const p = await call('POST', '/proposals', union, { sessionNo: session.sessionNo, action: 'amend', articleKey: 'pay-increase', text: `本年度职工工资平均增长幅度为${(n % 90) / 10 + 1}%。`, terms: { wageIncreasePercent: (n % 90) / 10 + 1 } });
    await call('POST', `/proposals/${p.id}/agreement`, employer, {});
    await call('PUT', `/sessions/${session.sessionNo}/minutes`, union, { heldOn: today, attendance: members, minutes: '双方协商确定本年度工资增长幅度。' });
    await call('POST', `/sessions/${session.sessionNo}/confirmation`, union, {});
    const done = await call('POST', `/sessions/${session.sessionNo}/confirmation`, employer, {});
    if (!done.signed || !done.draftVersion) throw new Error('the second confirmation did not sign the minutes');
  };
  const rounds = await drive(round1, 1, SECONDS);
  const versions = (await call('GET', '/drafts', union)).length;
  const compliance = await drive(() => call('GET', '/compliance', union).then(() => undefined), 8, SECONDS);
  const redlineRead = await drive(() => call('GET', `/drafts/${versions}/redline?against=1`, union).then(() => undefined), 8, SECONDS);
  await t.close();
  return { database: t.databaseKind, sessionRound: { ...rounds, requestsPerRound: 6 }, draftVersions: versions, compliance, redline: redlineRead, rssMb: rssMb() };
}

const local = inProcess();
console.log(`machine: ${os()}`);
console.log(`in process, 200-article contract (${local.contract.chars} chars JSON; ${JSON.stringify(local.contract.redlineSummary)}):`);
for (const k of ['redline', 'compliance', 'apply50'] as const) console.log(`  ${k.padEnd(11)} ${local[k].perSecond}/s  p50 ${local[k].p50} ms  p95 ${local[k].p95} ms`);
const http = [await overHttp('pglite')];
if (process.env.TEST_DATABASE_URL) http.push(await overHttp('auto'));
for (const h of http) {
  console.log(`over HTTP on ${h.database}: session round (6 requests, one after another) ${h.sessionRound.perSecond}/s p50 ${h.sessionRound.p50} ms p99 ${h.sessionRound.p99} ms errors ${h.sessionRound.errors};`);
  console.log(`  GET compliance ${h.compliance.perSecond}/s p50 ${h.compliance.p50} ms p99 ${h.compliance.p99} ms; GET redline ${h.redline.perSecond}/s p50 ${h.redline.p50} ms p99 ${h.redline.p99} ms (8 clients); ${h.draftVersions} draft versions; RSS ${h.rssMb} MB`);
}
console.log(JSON.stringify({ bench: 'negotiation', machine: os(), seconds: SECONDS, inProcess: local, http }));
