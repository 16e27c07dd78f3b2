// The open-loop load generator of `npm run bench:load`, on its own thread (its fetch calls and JSON parsing do
// not share the main thread's event loop). For each rate it sends requests on a fixed schedule, whatever the
// answers (open loop), drawing each from the mix: reads of every role (home lists, case views, history,
// statistics, the pages), writes (the next event of a case along the procedure, a session, a proposal). The
// latency of a request counts from the moment it was due, so a generator that falls behind shows it.
import { loadavg } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { happyPath } from './procedure-driver.js';
import { percentile, round } from './support.js';

export interface Party {
  union: string; // token
  employer: string;
  startBody: { kind: string; unionId: string; employerId: string };
}
export interface LiveCase {
  id: string;
  party: number;
  /** Index of the next happyPath step. */
  next: number;
}
export interface LoadJob {
  base: string;
  rates: number[];
  seconds: number;
  today: string;
  seed: number;
  /** Stop climbing after a step this slow (p99 ms) or this short of its rate. */
  stopP99Ms: number;
  tokens: { instructor: string; bureau: string; federation: string };
  parties: Party[];
  /** Cases each role reads (ids from its own list). */
  reads: Record<'union' | 'employer' | 'instructor' | 'bureau' | 'federation', string[]>;
  campaignId: string;
  procedure: LiveCase[];
  /** Cases parked in negotiation (a draft started): sessions and proposals. */
  negotiating: { id: string; party: number }[];
  kneeP99Ms: number;
}

export interface StepResult {
  rate: number;
  sent: number;
  ok: number;
  errors: number;
  achieved: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  loadavg: number[];
  byOp: Record<string, { n: number; p50: number; p99: number; errors: number }>;
  errorSamples: string[];
}

const job = workerData as LoadJob;

// A small seeded PRNG (mulberry32): the same mix on every run.
let state = job.seed >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];

type Op = () => Promise<void>;

async function call(method: string, path: string, token: string, body?: unknown, page = false): Promise<unknown> {
  const headers: Record<string, string> = page ? { cookie: `cb_session=${token}` } : { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${job.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path.replace(/[0-9a-f-]{36}/g, ':id')} → ${res.status} ${text.slice(0, 160)}`);
  return page ? text : JSON.parse(text);
}

const steps = happyPath(job.today);
const procedure = [...job.procedure];
const busy = new Set<string>();
const sessions = new Map<string, number>(); // negotiating case → its latest session number

const party = (i: number) => job.parties[i];
const unionToken = () => pick(job.parties).union;
const employerToken = () => pick(job.parties).employer;

// Writes: the next act of a case that has no request in flight; a new case when none is free.
const procedureEvent: Op = async () => {
  const free = procedure.filter((c) => !busy.has(c.id));
  if (free.length === 0) {
    const p = Math.floor(random() * job.parties.length);
    const created = (await call('POST', '/api/cases', party(p).union, party(p).startBody)) as { id: string };
    procedure.push({ id: created.id, party: p, next: 0 });
    return;
  }
  const c = pick(free);
  busy.add(c.id);
  try {
    const step = steps[c.next];
    const token = step.by === 'union' ? party(c.party).union : step.by === 'employer' ? party(c.party).employer : job.tokens.bureau;
    await call('POST', `/api/cases/${c.id}/events`, token, { type: step.type, payload: step.payload });
    c.next++;
    if (c.next >= steps.length) procedure.splice(procedure.indexOf(c), 1);
  } finally {
    busy.delete(c.id);
  }
};

const session: Op = async () => {
  const c = pick(job.negotiating);
  const s = (await call('POST', `/api/cases/${c.id}/sessions`, party(c.party).union, {
    scheduledOn: job.today,
    place: '公司三楼会议室',
    agenda: ['年度工资增长幅度'],
    recorder: { name: '周记录', personId: 'R-001' },
  })) as { sessionNo: number };
  sessions.set(c.id, s.sessionNo);
};

const proposal: Op = async () => {
  const withSession = job.negotiating.filter((c) => sessions.has(c.id));
  if (withSession.length === 0) return session();
  const c = pick(withSession);
  const pct = 1 + Math.floor(random() * 90) / 10;
  await call('POST', `/api/cases/${c.id}/proposals`, party(c.party).employer, {
    sessionNo: sessions.get(c.id),
    action: 'amend',
    articleKey: 'pay-increase',
    text: `本年度职工工资平均增长幅度为${pct}%。`,
    terms: { wageIncreasePercent: pct },
  });
};

const R = job.reads;
/** The mix: [name, weight, op]. Reads 90 %, writes 10 %. */
const MIX: [string, number, Op][] = [
  // 工会 union: its list, a case, its history, its home page
  ['union.list', 10, async () => void (await call('GET', '/api/cases?sort=deadline&pageSize=20', unionToken()))],
  ['union.case', 8, async () => void (await call('GET', `/api/cases/${pick(R.union)}`, job.parties[0].union))],
  ['union.history', 4, async () => void (await call('GET', `/api/cases/${pick(R.union)}/history`, job.parties[0].union))],
  ['union.home-page', 3, async () => void (await call('GET', '/', unionToken(), undefined, true))],
  ['union.case-page', 3, async () => void (await call('GET', `/cases/${pick(R.union)}`, job.parties[0].union, undefined, true))],
  // 企业 employer
  ['employer.list', 6, async () => void (await call('GET', '/api/cases?sort=deadline&pageSize=20', employerToken()))],
  ['employer.case', 8, async () => void (await call('GET', `/api/cases/${pick(R.employer)}`, job.parties[0].employer))],
  ['employer.history', 3, async () => void (await call('GET', `/api/cases/${pick(R.employer)}/history`, job.parties[0].employer))],
  // 指导员 instructor
  ['instructor.list', 4, async () => void (await call('GET', '/api/cases?sort=deadline&pageSize=20', job.tokens.instructor))],
  ['instructor.case', 4, async () => void (await call('GET', `/api/cases/${pick(R.instructor)}`, job.tokens.instructor))],
  // 劳动行政部门 bureau
  ['bureau.filings', 4, async () => void (await call('GET', '/api/filings', job.tokens.bureau))],
  ['bureau.list', 4, async () => void (await call('GET', '/api/cases?pageSize=20&region=510100', job.tokens.bureau))],
  ['bureau.case', 7, async () => void (await call('GET', `/api/cases/${pick(R.bureau)}`, job.tokens.bureau))],
  ['bureau.register', 3, async () => void (await call('GET', '/api/register?pageSize=20', job.tokens.bureau))],
  // 总工会 federation
  ['federation.campaign-stats', 8, async () => void (await call('GET', `/api/campaigns/${job.campaignId}/stats`, job.tokens.federation))],
  ['federation.statistics', 3, async () => void (await call('GET', '/api/statistics', job.tokens.federation))],
  ['federation.list', 4, async () => void (await call('GET', '/api/cases?pageSize=20', job.tokens.federation))],
  ['federation.history', 4, async () => void (await call('GET', `/api/cases/${pick(R.federation)}/history`, job.tokens.federation))],
  // writes: 10 of 100
  ['write.event', 6, procedureEvent],
  ['write.session', 2, session],
  ['write.proposal', 2, proposal],
];
const TOTAL = MIX.reduce((s, m) => s + m[1], 0);
if (TOTAL !== 100) throw new Error(`the mix must weigh 100, not ${TOTAL}`);
const draw = (): [string, Op] => {
  let x = random() * TOTAL;
  for (const [name, w, op] of MIX) if ((x -= w) < 0) return [name, op];
  return [MIX[0][0], MIX[0][2]];
};

async function step(rate: number, seconds = job.seconds): Promise<StepResult> {
  const latencies: number[] = [];
  const byOp = new Map<string, { ms: number[]; errors: number }>();
  const errorSamples: string[] = [];
  let errors = 0;
  const total = Math.round(rate * seconds);
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    // Behind schedule: still yield, so that answers are timed when they arrive, not when the loop catches up.
    await new Promise((r) => (wait > 1 ? setTimeout(r, wait) : setImmediate(r)));
    const [name, op] = draw();
    const slot = byOp.get(name) ?? byOp.set(name, { ms: [], errors: 0 }).get(name)!;
    pending.push(
      op().then(
        () => {
          const ms = performance.now() - due;
          latencies.push(ms);
          slot.ms.push(ms);
        },
        (err: Error) => {
          errors++;
          slot.errors++;
          if (errorSamples.length < 5) errorSamples.push(`${name}: ${err.message}`);
        },
      ),
    );
  }
  await Promise.all(pending);
  const elapsed = Math.max(seconds, (performance.now() - t0) / 1000);
  latencies.sort((a, b) => a - b);
  const ops: StepResult['byOp'] = {};
  for (const [name, s] of [...byOp.entries()].sort()) {
    s.ms.sort((a, b) => a - b);
    ops[name] = { n: s.ms.length, p50: round(percentile(s.ms, 50), 1), p99: round(percentile(s.ms, 99), 1), errors: s.errors };
  }
  return {
    rate,
    sent: total,
    ok: latencies.length,
    errors,
    achieved: round(latencies.length / elapsed, 1),
    p50: round(percentile(latencies, 50), 1),
    p95: round(percentile(latencies, 95), 1),
    p99: round(percentile(latencies, 99), 1),
    max: round(latencies.at(-1) ?? NaN, 1),
    loadavg: loadavg().map((l) => round(l, 2)),
    byOp: ops,
    errorSamples,
  };
}

// Warm-up, not reported: the service's first requests compile code and fill plan caches.
await step(job.rates[0], Math.min(5, job.seconds));
for (const rate of job.rates) {
  parentPort!.postMessage({ starting: rate });
  const r = await step(rate);
  parentPort!.postMessage({ step: r });
  // Past the knee and saturated: a higher rate only queues more.
  if (r.p99 > job.stopP99Ms || r.achieved < 0.8 * rate) break;
}
parentPort!.postMessage({ done: true });
