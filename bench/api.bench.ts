// `npm run bench:api`: the foundation's request path (auth guard, validation, jurisdiction-scoped
// query, problem+json) over HTTP on the embedded database and, with TEST_DATABASE_URL, on PostgreSQL.
// Prints figures per database; the last line is one JSON object.
import 'reflect-metadata';
import { os } from './os.js';
import { drive, rssMb } from './support.js';
import { startTestApp } from '../test/support/test-app.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

async function measure(database: 'pglite' | 'auto') {
  const t = await startTestApp({ database });
  const server = t.app.getHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const token = await t.login('federation.demo');
  const auth = { authorization: `Bearer ${token}` };
  const call = async (path: string, init?: RequestInit, expected = 200) => {
    const res = await fetch(`${base}${path}`, init);
    await res.arrayBuffer();
    if (res.status !== expected) throw new Error(`${path}: ${res.status}`);
  };
  const login = await drive(
    () => call('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'union.demo', password: 'demo12345' }) }),
    2,
    Math.min(SECONDS, 3),
  );
  const list = await drive(() => call('/api/enterprises?pageSize=20', { headers: auth }), CONCURRENCY, SECONDS);
  const rejected = await drive(
    () => call('/api/enterprises', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', bogus: 1 }) }, 400),
    CONCURRENCY,
    SECONDS,
  );
  const result = { database: t.databaseKind, login, listEnterprises: list, validationRejected: rejected, rssMb: rssMb() };
  await t.close();
  return result;
}

const results = [await measure('pglite')];
if (process.env.TEST_DATABASE_URL) results.push(await measure('auto'));
for (const r of results) {
  console.log(`\n${r.database}  (concurrency ${CONCURRENCY}, ${SECONDS}s each, ${os()})`);
  for (const [name, m] of Object.entries({ 'POST /api/auth/login (scrypt)': r.login, 'GET /api/enterprises': r.listEnterprises, 'POST /api/enterprises → 400': r.validationRejected })) {
    console.log(`  ${name.padEnd(32)} ${String(m.perSecond).padStart(8)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms  errors ${m.errors}`);
  }
  console.log(`  RSS ${r.rssMb} MB`);
}
console.log(JSON.stringify({ bench: 'api', concurrency: CONCURRENCY, seconds: SECONDS, results }));
