// `npm run bench:roster`: imports a generated roster of BENCH_ROSTER (100,000) enterprises into a
// province-wide campaign, then the same file again (nothing changes the second time). Target: 100,000 rows
// in ≤ 60 s. Needs a PostgreSQL server (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
// postgres://postgres@127.0.0.1:5432/postgres); it creates and drops its database. Last line: JSON.
// measureRosterImport is also what bench:stats calls to fill its campaign's roster.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { prepareDatabase } from '../src/bootstrap.js';
import { Campaign } from '../src/campaigns/entities/campaign.entity.js';
import { ROSTER_COLUMNS } from '../src/campaigns/roster/roster-columns.js';
import { newProgress, RosterImporter, type RosterOutcome } from '../src/campaigns/roster/roster-importer.js';
import { demoId } from '../src/database/seed/demo-seed.js';
import { creditCodeCheckCharacter } from '../src/organisations/credit-code.js';
import { RegionDirectory } from '../src/organisations/region-directory.js';
import { os } from './os.js';
import { adminQuery, round } from './support.js';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['建国', '秀英', '志强', '丽', '海涛', '晓东', '明', '芳', '伟', '静'];

/** A valid GB 32100 credit code, distinct for every n: 91, the region, an organisation code made of n, the check character. */
export function benchCreditCode(regionCode: string, n: number): string {
  let stem = '';
  for (let v = n, i = 0; i < 7; i++, v = Math.floor(v / 31)) stem = CHARSET[v % 31] + stem;
  const first17 = `91${regionCode}BN${stem}`;
  return first17 + creditCodeCheckCharacter(first17);
}

/** An XLSX roster of `rows` enterprises spread over the regions of `scope` and the 20 industries; four in five unionised. */
export async function generateRosterXlsx(regions: { code: string; name: string }[], rows: number): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: false });
  const sheet = wb.addWorksheet('企业名册');
  sheet.addRow(ROSTER_COLUMNS.map((c) => c.header)).commit();
  const industries = 'ABCDEFGHIJKLMNOPQRST';
  for (let n = 0; n < rows; n++) {
    const region = regions[n % regions.length];
    const name = `${region.name}第${n + 1}号测试企业有限公司`;
    const unionised = n % 5 !== 0;
    sheet
      .addRow([
        benchCreditCode(region.code, n),
        name,
        region.code,
        industries[(n * 7) % 20],
        20 + ((n * 7919) % 3000),
        unionised ? '是' : '否',
        unionised ? `${name}工会` : null,
        SURNAMES[n % 10] + GIVEN[(n >> 3) % 10],
        `${region.name}测试路 ${(n % 999) + 1} 号`,
      ])
      .commit();
  }
  sheet.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

/** Generates a roster of `rows` enterprises over the campaign's regions, imports it (all_or_nothing) and times the import. */
export async function measureRosterImport(dataSource: DataSource, campaignId: string, rows = 100_000): Promise<{ rows: number; ms: number; rowsPerSecond: number; outcome: RosterOutcome }> {
  const campaign = await dataSource.getRepository(Campaign).findOneByOrFail({ id: campaignId });
  const regions = new RegionDirectory(dataSource);
  await regions.reload();
  const inScope = regions.all().filter((r) => regions.isWithin(r.code, campaign.regionCode));
  const content = await generateRosterXlsx(inScope, rows);
  const importer = new RosterImporter(dataSource, regions);
  const started = performance.now();
  const importId = randomUUID();
  await importer.begin(importId, campaign.id, `bench-${rows}.xlsx`, 'all_or_nothing', null);
  const outcome = await importer.run({ importId, campaign, scopeRoot: campaign.regionCode, fileName: `bench-${rows}.xlsx`, content, mode: 'all_or_nothing' }, newProgress());
  const ms = performance.now() - started;
  if (outcome.status !== 'imported') throw new Error(`the generated roster was ${outcome.status}: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
  return { rows, ms: round(ms, 0), rowsPerSecond: round((rows * 1000) / ms, 0), outcome };
}

const SERVER = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = 'cb_bench_roster';
const withDb = (name: string) => Object.assign(new URL(SERVER), { pathname: `/${name}` }).toString();

const admin = (sql: string) => adminQuery(SERVER, sql);

async function main() {
  const rows = Number(process.env.BENCH_ROSTER ?? 100_000);
  console.log(`bench:roster — ${rows.toLocaleString('en')} rows, ${os()}`);
  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB}`);
  const { dataSource } = await prepareDatabase({ kind: 'postgres', url: withDb(DB) }, { seedDemo: true });
  try {
    const campaignId = randomUUID();
    const year = new Date().getFullYear();
    await dataSource.getRepository(Campaign).insert({ id: campaignId, name: `${year}年四川省集体协商“集中要约”行动（基准测试）`, startsOn: `${year}-03-01`, endsOn: `${year}-05-31`, regionCode: '510000', kinds: ['wage'], organisationId: demoId('fed-sc'), createdBy: null });
    const first = await measureRosterImport(dataSource, campaignId, rows);
    console.log(`  first import    ${first.rows.toLocaleString('en')} rows in ${round(first.ms / 1000, 1)} s (${first.rowsPerSecond.toLocaleString('en')} rows/s): ${first.outcome.inserted} inserted, ${first.outcome.unionsCreated} unions created`);
    const again = await measureRosterImport(dataSource, campaignId, rows);
    console.log(`  same file again ${again.rows.toLocaleString('en')} rows in ${round(again.ms / 1000, 1)} s (${again.rowsPerSecond.toLocaleString('en')} rows/s): ${again.outcome.inserted} inserted, ${again.outcome.updated} updated, ${again.outcome.unchanged} unchanged`);
    console.log(`  target: ${rows.toLocaleString('en')} rows ≤ 60 s → ${round(first.ms / 1000, 1)} s ${first.ms <= 60_000 ? '✓' : '✗'}`);
    console.log(JSON.stringify({ bench: 'roster', rows, firstSeconds: round(first.ms / 1000, 1), againSeconds: round(again.ms / 1000, 1), machine: os() }));
  } finally {
    await dataSource.destroy();
    await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
