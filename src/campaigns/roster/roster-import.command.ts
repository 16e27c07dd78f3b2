import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import type { DataSource } from 'typeorm';
import { RegionDirectory } from '../../organisations/region-directory.js';
import { Campaign } from '../entities/campaign.entity.js';
import { newProgress, ROSTER_IMPORT_MODES, RosterImporter, type RosterImportMode, type RosterOutcome, type RosterPhase, type RosterProgress } from './roster-importer.js';

export const ROSTER_IMPORT_USAGE = 'roster:import FILE --campaign <uuid> [--mode all_or_nothing|skip_bad_rows]';

export interface CommandIO {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
}

const PHASES: Record<RosterPhase, string> = { reading: '读取 reading', checking: '核对 checking', writing: '写入 writing', done: '完成 done' };
/** Problems printed; the rest are in the import's row (GET …/roster/imports/:importId) and counted. */
const PRINTED_PROBLEMS = 50;

/**
 * `npm run cli -- roster:import FILE --campaign ID [--mode skip_bad_rows]`: imports a roster file into a
 * campaign straight into the database, acting with the campaign's own scope as the jurisdiction. A progress
 * bar on stderr when it is a terminal (a line per phase otherwise); the report and a summary on stdout.
 * Exit 0 when imported, 1 when rejected or failed, 2 for a wrong command line.
 */
export async function rosterImportCommand(dataSource: DataSource, args: string[], io: CommandIO = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.stderr.write(`${parsed}\nusage: npm run cli -- ${ROSTER_IMPORT_USAGE}\n`);
    return 2;
  }
  const campaign = await dataSource.getRepository(Campaign).findOneBy({ id: parsed.campaignId });
  if (!campaign) {
    io.stderr.write(`集中要约活动 ${parsed.campaignId} 不存在 campaign ${parsed.campaignId} not found\n`);
    return 2;
  }
  let content: Buffer;
  try {
    content = await readFile(parsed.file);
  } catch (err) {
    io.stderr.write(`无法读取文件 cannot read ${parsed.file}: ${(err as NodeJS.ErrnoException).code ?? err}\n`);
    return 2;
  }
  const regions = new RegionDirectory(dataSource);
  await regions.reload();
  const importer = new RosterImporter(dataSource, regions);
  const importId = randomUUID();
  const fileName = basename(parsed.file);
  await importer.begin(importId, campaign.id, fileName, parsed.mode, null);
  io.stderr.write(`${fileName} → ${campaign.name} (${campaign.regionCode}), ${parsed.mode}, import ${importId}\n`);

  const display = io.stderr.isTTY ? barDisplay(io) : lineDisplay(io);
  let outcome: RosterOutcome;
  try {
    outcome = await importer.run({ importId, campaign, scopeRoot: campaign.regionCode, fileName, content, mode: parsed.mode }, newProgress(), display.update);
  } catch (err) {
    display.stop();
    io.stderr.write(`✗ 导入失败，未写入任何数据 the import failed and wrote nothing: ${(err as Error)?.message ?? err}\n`);
    return 1;
  }
  display.stop();
  printReport(io, importId, outcome);
  return outcome.status === 'imported' ? 0 : 1;
}

function parseArgs(args: string[]): { file: string; campaignId: string; mode: RosterImportMode } | string {
  let file: string | undefined;
  let campaignId: string | undefined;
  let mode: RosterImportMode = 'all_or_nothing';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--campaign') campaignId = args[++i];
    else if (a === '--mode') {
      const m = args[++i];
      if (!ROSTER_IMPORT_MODES.includes(m as RosterImportMode)) return `--mode must be one of ${ROSTER_IMPORT_MODES.join(', ')}`;
      mode = m as RosterImportMode;
    } else if (a.startsWith('--')) return `unknown option ${a}`;
    else if (file === undefined) file = a;
    else return `unexpected argument ${a}`;
  }
  if (!file) return 'FILE is missing';
  if (!campaignId || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(campaignId)) return '--campaign <uuid> is missing or not a UUID';
  return { file, campaignId: campaignId.toLowerCase(), mode };
}

interface Display {
  update(p: RosterProgress): void;
  stop(): void;
}

/** One bar on stderr, counting rows in each phase. */
function barDisplay(io: CommandIO): Display {
  const bar = new cliProgress.SingleBar(
    { stream: io.stderr as NodeJS.WritableStream, format: '{phase} |{bar}| {percentage}% {detail}', hideCursor: true, clearOnComplete: false, etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  let phase: RosterPhase | null = null;
  return {
    update(p) {
      // While reading, the total is an estimate, or unknown (a bar that stays empty, the count moving).
      const total = Math.max(1, p.totalRows ?? 0);
      const value = p.totalRows === null ? 0 : p.processedRows;
      const detail = `${p.processedRows}/${p.totalRows === null ? '?' : p.phase === 'reading' ? `~${p.totalRows}` : p.totalRows} 行 rows, ${p.problemCount} 个问题 problems`;
      if (phase === null) bar.start(total, value, { phase: PHASES[p.phase], detail });
      else bar.setTotal(total);
      phase = p.phase;
      bar.update(value, { phase: PHASES[p.phase], detail });
    },
    stop() {
      if (phase !== null) bar.stop();
    },
  };
}

/** Without a terminal (a log, CI): a line when a phase starts and at every tenth of the writing. */
function lineDisplay(io: CommandIO): Display {
  let phase: RosterPhase | null = null;
  let tenth = -1;
  return {
    update(p) {
      if (p.phase !== phase) {
        phase = p.phase;
        tenth = -1;
        io.stderr.write(`  ${PHASES[p.phase]}${p.totalRows === null ? '' : ` ${p.phase === 'reading' ? '~' : ''}${p.totalRows} rows`}\n`);
      }
      if (p.phase === 'writing' && p.totalRows) {
        const t = Math.floor((10 * p.processedRows) / p.totalRows);
        if (t > tenth && t > 0) io.stderr.write(`    ${p.processedRows}/${p.totalRows}\n`);
        tenth = Math.max(tenth, t);
      }
    },
    stop() {},
  };
}

function printReport(io: CommandIO, importId: string, o: RosterOutcome) {
  for (const p of o.problems.slice(0, PRINTED_PROBLEMS)) {
    io.stdout.write(`  第 ${p.row} 行 row ${p.row}${p.column ? `  ${p.column}` : ''}  [${p.rule}]  ${p.message_zh} / ${p.message_en}\n`);
  }
  if (o.problemCount > PRINTED_PROBLEMS) io.stdout.write(`  … 另有 ${o.problemCount - PRINTED_PROBLEMS} 个问题 ${o.problemCount - PRINTED_PROBLEMS} more problems (the first 1,000 are kept with import ${importId})\n`);
  const counts = `${o.totalRows} rows: ${o.inserted} inserted, ${o.updated} updated, ${o.unchanged} unchanged, ${o.skipped} skipped; ${o.problemCount} problems; roster +${o.addedToRoster}; unions +${o.unionsCreated} created, ${o.unionsRenamed} renamed`;
  const verdict =
    o.status === 'imported' ? `✓ 已导入 imported — ${counts}` : o.status === 'rejected' ? `✗ 已拒绝，未写入任何数据 rejected, nothing written — ${counts}` : `✗ 导入失败 failed — ${counts}`;
  io.stdout.write(`${verdict} (import ${importId})\n`);
}
