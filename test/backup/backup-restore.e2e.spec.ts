import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { RosterService } from '../../src/campaigns/roster/roster.service.js';
import { projectPath } from '../../src/config/project-root.js';
import { prepareDatabase } from '../../src/bootstrap.js';
import { inventory, inventoryOf, type TableInventory } from '../../src/database/backup/database-inventory.js';
import { assertToolFitsServer, findPgTool, majorOfServerVersionNum, type PgTool } from '../../src/database/backup/pg-tools.js';
import { DEMO_PASSWORD } from '../../src/database/seed/demo-organisations.js';
import { DocumentProducer } from '../../src/documents/document-producer.js';
import { createCampaign } from '../campaigns/campaign-helpers.js';
import { csv, row } from '../campaigns/fixtures/roster-files.js';
import { assignDemoInstructor } from '../engine/engine-helpers.js';
import { agreeLowestWage, ENTERPRISE_CASE, expectStatus, negotiatingCase, nextDay, resetBench, sendEvent, startBench, startDraft, type Bench } from '../negotiation/workspace-helpers.js';
import { startService, type ServiceProcess } from '../support/service-process.js';
import { samplePayload } from '../support/procedure-samples.js';

// 备份与恢复 Backup and restore (docs/backup.md): a database filled through the service (cases along the procedure
// with their events, documents and deadlines, a campaign with its roster, an instructor) is dumped with pg_dump
// (`npm run backup`), restored into a fresh database with pg_restore (`npm run restore`, which verifies every chain
// and the rollups), compared table by table (rows and contents), and served again by the built service: every
// case's chain verifies over HTTP, the PDFs come back byte for byte, and a token issued before the backup still
// works (the JWT secret is in the database). The embedded PGlite's data directory goes the same way.

const COMMAND = projectPath('dist', 'src', 'database', 'backup', 'backup-command.js');
const CLI = projectPath('dist', 'src', 'cli.js');
const serverIt = process.env.TEST_DATABASE_URL ? it : it.skip;

/** Runs a compiled command with the given database settings (the other database variables cleared). */
function run(script: string, args: string[], env: Record<string, string>) {
  const clean = { ...process.env, DATABASE_URL: '', DATA_DIR: '', LOG_LEVEL: 'warn', ...env };
  const r = spawnSync(process.execPath, [script, ...args], { env: clean, encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
const inventoryAt = (url: string) => withClient(url, (c) => inventory(async (sql) => (await c.query(sql)).rows));
const rowsOf = (inv: TableInventory[]) => Object.fromEntries(inv.map((t) => [t.table, t.rows]));

describe('pg_dump / pg_restore tools', () => {
  it('a missing tool is named with the package to install', () => {
    expect(() => findPgTool('pg_dump', ['/nonexistent'])).toThrow(/pg_dump 未找到 not found[\s\S]*apt-get install postgresql-client/);
  });

  it('a client older than the server is refused before it runs, naming the version needed', () => {
    const old: PgTool = { name: 'pg_dump', path: '/usr/lib/postgresql/14/bin/pg_dump', version: '14.12', major: 14 };
    expect(() => assertToolFitsServer(old, 15)).toThrow(/pg_dump 14\.12 .* older than the server \(PostgreSQL 15\)[\s\S]*postgresql-client-15/);
    expect(() => assertToolFitsServer({ ...old, version: '16.4', major: 16 }, 15)).not.toThrow();
    expect(majorOfServerVersionNum('150020')).toBe(15);
  });

  serverIt('pg_dump and pg_restore are installed, of the test server major version or newer (Debian postgresql-client)', async () => {
    const server = majorOfServerVersionNum(await withClient(process.env.TEST_DATABASE_URL!, async (c) => (await c.query('SHOW server_version_num')).rows[0].server_version_num));
    for (const name of ['pg_dump', 'pg_restore'] as const) {
      const tool = findPgTool(name); // throws "pg_dump 未找到 not found … apt-get install postgresql-client"
      assertToolFitsServer(tool, server);
      expect(tool.major).toBeGreaterThanOrEqual(server);
    }
  });
});

describe('backup and restore on PostgreSQL', () => {
  let b: Bench;
  let source: string;
  let restored: string;
  let service: ServiceProcess | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'cb-backup-'));
  const dump = join(dir, 'cb.dump');
  const ids: Record<string, string> = {};
  let campaignId: string;
  let before: TableInventory[];

  beforeAll(async () => {
    if (!process.env.TEST_DATABASE_URL) return;
    b = await startBench();
    await resetBench(b);
    source = (b.t.dataSource.options as { url: string }).url;
    const federation = { Authorization: `Bearer ${await b.t.login('federation.demo')}` };
    // A campaign of 成都 over the clock's month, with a roster of two enterprises imported through the API.
    campaignId = (await createCampaign(b.t, federation, { targets: [{ regionCode: '510107', offerRate: 90 }] })).id;
    const upload = await b.t.http().post(`/api/campaigns/${campaignId}/roster`).query({ filename: 'roster.csv' }).set(federation).set('Content-Type', 'text/csv').send(csv([row(901), row(902, '510104')]));
    expect(upload.status).toBe(202);
    await b.t.app.get(RosterService).settled(upload.body.importId);

    // Three cases along the procedure (each joins the campaign): signed with a draft, a session and its documents;
    // negotiating with both teams; an offer awaiting the employer's answer (a deadline pending).
    ids.signed = await negotiatingCase(b);
    await startDraft(b, ids.signed);
    await agreeLowestWage(b, ids.signed, 1900);
    for (const type of ['DRAFT_AGREED', 'CONGRESS_VOTED', 'SIGNED']) expectStatus(await sendEvent(b, ids.signed, 'union.demo', type, samplePayload(type, nextDay(b))), 200);
    await assignDemoInstructor(b.t, ids.signed);
    ids.negotiating = await negotiatingCase(b);
    const offered = await b.t.http().post('/api/cases').set(b.H['union.demo']).send({ ...ENTERPRISE_CASE, kind: 'wage' });
    expectStatus(offered, 201);
    ids.offered = offered.body.id;
    expectStatus(await sendEvent(b, ids.offered, 'union.demo', 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', nextDay(b))), 200);
    await b.t.app.get(DocumentProducer).runUntilIdle();
  }, 300_000);

  afterAll(async () => {
    await service?.stop();
    if (restored) await withClient(process.env.TEST_DATABASE_URL!, (c) => c.query(`DROP DATABASE IF EXISTS "${new URL(restored).pathname.slice(1)}" WITH (FORCE)`));
    await b?.t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  serverIt('the source holds what a backup must carry: cases with events, documents, a campaign with its roster, the rollups', async () => {
    before = await inventoryAt(source);
    const rows = rowsOf(before);
    expect(rows.cases).toBeGreaterThanOrEqual(3);
    expect((await b.t.dataSource.query('SELECT count(*)::int AS n FROM cases WHERE campaign_id = $1', [campaignId]))[0].n).toBeGreaterThanOrEqual(3);
    for (const table of ['case_events', 'case_documents', 'case_drafts', 'case_sessions', 'case_deadlines', 'campaign_enterprises', 'case_instructors', 'stats_case_states', 'stats_campaign_enterprises', 'app_settings', 'migrations']) {
      expect({ table, empty: !(rows[table] > 0) }).toEqual({ table, empty: false });
    }
  });

  serverIt('npm run backup: pg_dump in the custom format while the service runs', () => {
    const r = run(COMMAND, ['backup', dump], { DATABASE_URL: source });
    expect({ status: r.status, out: r.out }).toEqual({ status: 0, out: expect.stringContaining(`✓ ${dump}`) });
    expect(r.out).toMatch(/› pg_dump 1\d\.\d+: postgres:\/\/\*\*\*@/); // the URL's user and password are not printed
    expect(statSync(dump).size).toBeGreaterThan(10_000);
    // A custom-format archive (PGDMP): pg_restore lists its table of contents.
    const list = spawnSync(findPgTool('pg_restore').path, ['--list', dump], { encoding: 'utf8' });
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/TABLE DATA public case_events/);
  });

  serverIt('npm run restore refuses a database that is not empty (the source itself), changing nothing', async () => {
    const r = run(COMMAND, ['restore', dump], { DATABASE_URL: source });
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/already has \d+ tables: restore into a new, empty database/);
    expect(rowsOf(await inventoryAt(source))).toEqual(rowsOf(before));
  });

  serverIt('npm run restore: pg_restore into a fresh database, then every chain and the rollups verified', async () => {
    const name = `cbt_restore_${process.pid}_${randomBytes(4).toString('hex')}`;
    await withClient(process.env.TEST_DATABASE_URL!, (c) => c.query(`CREATE DATABASE "${name}"`));
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    restored = url.toString();
    const r = run(COMMAND, ['restore', dump], { DATABASE_URL: restored });
    expect({ status: r.status, out: r.out }).toEqual({ status: 0, out: expect.stringContaining('✓ the rollups equal a recount') });
    const cases = rowsOf(before).cases;
    expect(r.out).toContain(`✓ ${cases} cases, ${rowsOf(before).case_events} events, 0 broken chains`);
  });

  serverIt('every table comes back with the same rows and contents', async () => {
    const after = await inventoryAt(restored);
    expect(after.map((t) => t.table)).toEqual(before.map((t) => t.table));
    for (const [i, t] of after.entries()) expect({ table: t.table, rows: t.rows, digest: t.digest }).toEqual({ table: before[i].table, rows: before[i].rows, digest: before[i].digest });
  });

  serverIt('the built service starts on the restored database: no migration runs again, every chain verifies over HTTP, PDFs byte for byte, old tokens valid', async () => {
    service = await startService({ DATABASE_URL: restored, SCHEDULER_INTERVAL_MS: '0' }, 120_000);
    expect(rowsOf(await inventoryAt(restored)).migrations).toBe(rowsOf(before).migrations);
    const login = await fetch(`${service.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin.demo', password: DEMO_PASSWORD }) });
    expect(login.status).toBe(200);
    const admin = { Authorization: `Bearer ${(await login.json()).accessToken}` };
    const cases: { id: string; events: number }[] = await withClient(restored, async (c) => (await c.query('SELECT c.id, (SELECT count(*)::int FROM case_events e WHERE e.case_id = c.id) AS events FROM cases c ORDER BY c.id')).rows);
    for (const c of cases) {
      const res = await fetch(`${service.url}/api/cases/${c.id}/history/verify`, { headers: admin });
      expect({ id: c.id, status: res.status, body: await res.json() }).toEqual({ id: c.id, status: 200, body: expect.objectContaining({ valid: true, length: c.events }) });
    }
    // The signed case's documents: the same bytes as their stored SHA-256, read through the restored service.
    const docs: { id: string; pdf_sha256: string }[] = await withClient(restored, async (c) => (await c.query('SELECT id, pdf_sha256 FROM case_documents WHERE case_id = $1', [ids.signed])).rows);
    expect(docs.length).toBeGreaterThanOrEqual(7);
    for (const d of docs) {
      const pdf = await fetch(`${service.url}/api/documents/${d.id}/pdf`, { headers: admin });
      expect(pdf.status).toBe(200);
      expect(createHash('sha256').update(Buffer.from(await pdf.arrayBuffer())).digest('hex')).toBe(d.pdf_sha256);
    }
    // A token the original service issued before the backup: the signing secret came back with the data.
    const view = await fetch(`${service.url}/api/cases/${ids.signed}`, { headers: b.H['union.demo'] });
    expect(view.status).toBe(200);
    const original = expectStatus(await b.t.http().get(`/api/cases/${ids.signed}`).set(b.H['union.demo']), 200).body;
    expect(await view.json()).toMatchObject({ id: ids.signed, state: original.state, version: original.version });
  }, 180_000);

  serverIt('the verification can fail: one altered payload in the restored log is named by verify-chain', async () => {
    await service?.stop();
    service = undefined;
    await withClient(restored, (c) => c.query(`UPDATE case_events SET payload = jsonb_set(payload, '{occurredOn}', '"2018-01-01"') WHERE case_id = $1 AND seq = 2`, [ids.negotiating]));
    const r = run(CLI, ['verify-chain'], { DATABASE_URL: restored });
    expect(r.status).toBe(1);
    expect(r.out).toMatch(new RegExp(`✗ case ${ids.negotiating}: first broken link at seq 2 \\(hash-mismatch`));
  });
});

describe('backup and restore of the embedded PGlite (DATA_DIR)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cb-pglite-backup-'));
  const [from, to, archive] = [join(dir, 'data'), join(dir, 'restored'), join(dir, 'data.tar.gz')];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const inventoryOfDir = async (dataDir: string) => {
    const { dataSource } = await prepareDatabase({ kind: 'pglite', dataDir }, { seedDemo: false });
    try {
      return await inventoryOf(dataSource);
    } finally {
      await dataSource.destroy();
    }
  };

  it('npm run backup / restore: a .tar.gz of the stopped data directory, unpacked into an empty one, the demo chains and rollups verified, every table equal', async () => {
    // The service as `npm start` runs it without DATABASE_URL: PGlite in DATA_DIR with the demo seeded; then stopped (PGlite has one user).
    const service = await startService({ DATA_DIR: from, SCHEDULER_INTERVAL_MS: '0' }, 120_000);
    await service.stop();
    const saved = run(COMMAND, ['backup', archive], { DATA_DIR: from });
    expect({ status: saved.status, out: saved.out }).toEqual({ status: 0, out: expect.stringContaining(`✓ ${archive}`) });
    const back = run(COMMAND, ['restore', archive], { DATA_DIR: to });
    expect({ status: back.status, out: back.out }).toEqual({ status: 0, out: expect.stringMatching(/✓ \d+ cases, \d+ events, 0 broken chains[\s\S]*✓ the rollups equal a recount/) });
    const again = run(COMMAND, ['restore', archive], { DATA_DIR: to });
    expect({ status: again.status, out: again.out }).toEqual({ status: 1, out: expect.stringContaining('is not empty: restore into a new, empty folder') });
    const [a, c] = [await inventoryOfDir(from), await inventoryOfDir(to)];
    expect(a.find((t) => t.table === 'cases')!.rows).toBeGreaterThanOrEqual(10);
    expect(back.out).toContain(`✓ ${a.find((t) => t.table === 'cases')!.rows} cases, ${a.find((t) => t.table === 'case_events')!.rows} events, 0 broken chains`);
    expect(c).toEqual(a);
  }, 240_000);
});
