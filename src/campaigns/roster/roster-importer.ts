import type { DataSource } from 'typeorm';
import type { RegionDirectory } from '../../organisations/region-directory.js';
import { RosterImport, type RosterProblem } from '../entities/roster-import.entity.js';
import { ProblemLog } from './problem-log.js';
import { columnByKey } from './roster-columns.js';
import { openRosterFile, RosterFileError } from './roster-file.js';
import { cellText, isBlankRow, RosterRowChecker, type HeaderMap, type RosterRecord } from './roster-row-checker.js';
import { RosterWriteConflict, writeRosterBatch } from './roster-writer.js';

export type RosterImportMode = 'all_or_nothing' | 'skip_bad_rows';
export const ROSTER_IMPORT_MODES: RosterImportMode[] = ['all_or_nothing', 'skip_bad_rows'];
export type RosterPhase = 'reading' | 'checking' | 'writing' | 'done';

/** Rows per INSERT (arrays through unnest): large enough that 100,000 rows are 20 round trips. */
const BATCH = 5000;
/** Credit codes per look-up of what the database already holds. */
const LOOKUP_BATCH = 10_000;
/** Beyond this many data rows the file is refused (every row is held in memory while it is checked). */
export const MAX_ROWS = 500_000;
/** Title rows (one filled cell, e.g. merged across the table) allowed above the header. */
const MAX_TITLE_ROWS = 3;

export interface RosterProgress {
  phase: RosterPhase;
  /** Rows read (reading), checked against the database (checking), written or skipped (writing). */
  processedRows: number;
  /** Data rows in the file: while it is read, an estimate (a workbook's declared dimension, a CSV's bytes) or null; exact from then on. */
  totalRows: number | null;
  inserted: number;
  updated: number;
  skipped: number;
  problemCount: number;
}

export interface RosterOutcome {
  status: 'imported' | 'rejected' | 'failed';
  totalRows: number;
  inserted: number;
  updated: number;
  /** Good rows whose enterprise was already stored exactly so. */
  unchanged: number;
  skipped: number;
  problemCount: number;
  problems: RosterProblem[];
  /** Enterprises that joined the campaign's roster with this import (the others were on it already). */
  addedToRoster: number;
  unionsCreated: number;
  unionsRenamed: number;
}

export interface RosterImportRequest {
  importId: string;
  campaign: { id: string; name: string; regionCode: string };
  /** The part of the campaign's scope the importer may write. */
  scopeRoot: string;
  fileName: string;
  content: Buffer;
  mode: RosterImportMode;
}

export const newProgress = (): RosterProgress => ({ phase: 'reading', processedRows: 0, totalRows: null, inserted: 0, updated: 0, skipped: 0, problemCount: 0 });

/**
 * Imports one roster file: reads and checks every row in memory (format, region, industry, duplicates),
 * then checks the credit codes against the stored organisations, then writes the good rows in ONE
 * transaction, or nothing. Needs only a data source and the region tree: the service, the CLI and the
 * benchmark share it.
 */
export class RosterImporter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly regions: RegionDirectory,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The import's row, 'running', before its file is read (so that its progress can be asked for). */
  async begin(id: string, campaignId: string, fileName: string, mode: RosterImportMode, createdBy: string | null): Promise<void> {
    await this.dataSource.getRepository(RosterImport).insert({ id, campaignId, fileName: fileName.slice(0, 255), mode, status: 'running', problems: [], createdBy, createdAt: this.now() });
  }

  /** Runs the import to its end and records the outcome on its row; never throws (a failure is recorded as 'failed'). */
  async run(req: RosterImportRequest, progress: RosterProgress, onProgress: (p: RosterProgress) => void = () => {}): Promise<RosterOutcome> {
    try {
      return await this.importFile(req, progress, onProgress);
    } catch (err) {
      const outcome: RosterOutcome = { ...emptyOutcome('failed', progress.totalRows ?? 0), problemCount: 1, problems: [failure()] };
      await this.finish(req.importId, outcome).catch(() => undefined);
      progress.phase = 'done';
      onProgress(progress);
      throw err;
    }
  }

  /** Running imports older than `olderThanMs`: their process ended without finishing them (a crash, a restart). */
  async failStale(olderThanMs: number): Promise<number> {
    const before = new Date(this.now().getTime() - olderThanMs);
    const problem: RosterProblem = {
      row: 0,
      column: '',
      rule: 'interrupted',
      message_zh: '导入未能完成（服务在导入过程中停止），未写入任何数据；请重新导入',
      message_en: 'the import did not finish (the service stopped while it ran); nothing was written: import the file again',
    };
    // Counted by a SELECT around the UPDATE: a bare UPDATE's result has another shape per driver.
    const [{ n }] = await this.dataSource.query(
      `WITH failed AS (UPDATE roster_imports SET status = 'failed', finished_at = $2, problems = $3::jsonb, problem_count = 1 WHERE status = 'running' AND created_at < $1 RETURNING id)
       SELECT count(*)::int AS n FROM failed`,
      [before, this.now(), JSON.stringify([problem])],
    );
    return n;
  }

  private async importFile(req: RosterImportRequest, progress: RosterProgress, onProgress: (p: RosterProgress) => void): Promise<RosterOutcome> {
    const log = new ProblemLog();
    const tick = () => {
      progress.problemCount = log.count;
      onProgress(progress);
    };
    const records = await this.read(req, progress, log, tick);
    const totalRows = progress.totalRows ?? 0;

    if (!log.hasFileProblems) {
      progress.phase = 'checking';
      progress.processedRows = totalRows - records.length; // the rows already bad need no look-up
      tick();
      await this.checkStored(req, records, progress, log, tick);
    }
    const good = records.filter((r) => !log.hasRow(r.row));
    if (log.hasFileProblems || (req.mode === 'all_or_nothing' && log.count > 0)) {
      const outcome = { ...emptyOutcome('rejected', totalRows), skipped: totalRows, problemCount: log.count, problems: log.kept() };
      await this.finish(req.importId, outcome);
      return this.done(progress, outcome, onProgress);
    }

    progress.phase = 'writing';
    // The skipped rows count as done with: the writing ends at totalRows in either mode.
    progress.processedRows = totalRows - good.length;
    progress.totalRows = totalRows;
    progress.skipped = totalRows - good.length;
    tick();
    const outcome: RosterOutcome = { ...emptyOutcome('imported', totalRows), skipped: totalRows - good.length, problemCount: log.count, problems: log.kept() };
    try {
      await this.write(req, good, outcome, progress, tick);
    } catch (err) {
      if (!(err instanceof RosterWriteConflict)) throw err;
      // Rolled back: nothing of this import was written.
      const conflicting = new Set(err.creditCodes);
      const column = columnByKey('credit_code').header;
      for (const r of good.filter((g) => conflicting.has(g.creditCode))) {
        log.add(r.row, column, 'registeredMeanwhile', `统一社会信用代码 ${r.creditCode} 在本次导入期间已被登记为您管辖范围之外的组织，本次导入未写入任何数据`, `credit code ${r.creditCode} was registered outside your jurisdiction while this import ran: nothing of this import was written`);
      }
      const rejected = { ...emptyOutcome('rejected', totalRows), skipped: totalRows, problemCount: log.count, problems: log.kept() };
      await this.finish(req.importId, rejected);
      return this.done(progress, rejected, onProgress);
    }
    return this.done(progress, outcome, onProgress);
  }

  /** Writing: every good row in one transaction, by batches; imports into one campaign take turns. */
  private async write(req: RosterImportRequest, good: RosterRecord[], outcome: RosterOutcome, progress: RosterProgress, tick: () => void) {
    const scopePath = this.regions.subtreePath(req.scopeRoot);
    await this.dataSource.transaction(async (m) => {
      // Two imports into one campaign take turns (their counts then say what each one did).
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`roster:${req.campaign.id}`]);
      for (let at = 0, n = 0; at < good.length; at += BATCH, n++) {
        // The statistics of a table that grows by this import are refreshed as it doubles (after 1, 2, 4, …
        // batches): planned on the figures of a small table, the union statements turn into nested loops over
        // every union (20k rows took 30 s). ANALYZE in the transaction counts its own uncommitted rows.
        if (n > 0 && (n & (n - 1)) === 0) await m.query('ANALYZE organisations, campaign_enterprises');
        const batch = good.slice(at, at + BATCH);
        const c = await writeRosterBatch(m, req.campaign.id, req.importId, batch, scopePath);
        outcome.inserted += c.inserted;
        outcome.updated += c.updated;
        outcome.addedToRoster += c.addedToRoster;
        outcome.unionsCreated += c.unionsCreated;
        outcome.unionsRenamed += c.unionsRenamed;
        progress.processedRows += batch.length;
        progress.inserted = outcome.inserted;
        progress.updated = outcome.updated;
        tick();
      }
      outcome.unchanged = good.length - outcome.inserted - outcome.updated;
      await this.finish(req.importId, outcome, m.query.bind(m));
    });
  }

  /** Reading: every row checked on its own as it comes; a row whose credit code came before is a duplicate. */
  private async read(req: RosterImportRequest, progress: RosterProgress, log: ProblemLog, tick: () => void): Promise<RosterRecord[]> {
    const records: RosterRecord[] = [];
    const industries = new Map<string, string>((await this.dataSource.query('SELECT code, name FROM industries')).map((i: { code: string; name: string }) => [i.code, i.name]));
    const checker = new RosterRowChecker({ regions: this.regions, industries, campaign: req.campaign, scopeRoot: req.scopeRoot });
    const firstRow = new Map<string, number>();
    let header: HeaderMap | null = null;
    let titleRows = 0;
    let dataRows = 0;
    try {
      const sheet = openRosterFile(req.fileName, req.content);
      let headerRow = 1;
      const estimate = () => {
        const last = sheet.lastRowEstimate();
        progress.totalRows = last === null ? null : Math.max(dataRows, last - headerRow);
      };
      // After a problem that ends the reading, the rest is read through, not abandoned: the XLSX reader
      // removes its temporary copy of the sheet only at the sheet's end.
      let stop = false;
      for await (const { row, cells } of sheet.rows) {
        if (stop || isBlankRow(cells)) continue;
        if (header === null) {
          // A title above the table (one filled cell, often merged across it) is passed over.
          if (titleRows < MAX_TITLE_ROWS && cells.filter((c) => cellText(c) !== '').length === 1 && RosterRowChecker.recognised(cells) === 0) {
            titleRows++;
            continue;
          }
          header = checker.header(row, cells, log);
          headerRow = row;
          estimate();
          stop = log.hasFileProblems; // the columns are wrong: the rows cannot be read against them
          continue;
        }
        if (++dataRows > MAX_ROWS) {
          log.addFile(row, '', 'tooManyRows', `名册超过 ${MAX_ROWS} 行，请分成几个文件导入`, `the roster has more than ${MAX_ROWS} rows; split it into several files`);
          stop = true;
          continue;
        }
        const record = checker.check(row, cells, header, log);
        if (record) {
          const first = firstRow.get(record.creditCode);
          if (first !== undefined) {
            const column = columnByKey('credit_code').header;
            log.add(row, column, 'duplicate', `统一社会信用代码 ${record.creditCode} 与第 ${first} 行重复`, `credit code ${record.creditCode} repeats row ${first}`);
          } else {
            firstRow.set(record.creditCode, row);
          }
          records.push(record);
        }
        progress.processedRows = dataRows;
        if (progress.totalRows !== null && dataRows > progress.totalRows) progress.totalRows = dataRows;
        if (dataRows % 2000 === 0) {
          estimate();
          tick();
        }
      }
    } catch (err) {
      if (!(err instanceof RosterFileError)) throw err;
      log.addFile(err.row, '', err.rule, err.zh, err.en);
    }
    if (!log.hasFileProblems && header === null) {
      log.addFile(0, '', 'noHeader', '文件中没有内容（找不到表头行）', 'the file holds nothing (no header row)');
    } else if (!log.hasFileProblems && dataRows === 0) {
      log.addFile(0, '', 'noRows', '名册只有表头，没有企业行', 'the roster has its header but no enterprise rows');
    }
    progress.totalRows = Math.min(dataRows, MAX_ROWS);
    progress.processedRows = progress.totalRows;
    tick();
    return records;
  }

  /** Checking: credit codes that name another kind of organisation, or an enterprise outside the importer's jurisdiction. */
  private async checkStored(req: RosterImportRequest, records: RosterRecord[], progress: RosterProgress, log: ProblemLog, tick: () => void) {
    const column = columnByKey('credit_code').header;
    const kinds: Record<string, string> = { union: '工会', employer_association: '企业方代表组织', labour_bureau: '人社部门' };
    for (let at = 0; at < records.length; at += LOOKUP_BATCH) {
      const batch = records.slice(at, at + LOOKUP_BATCH);
      const stored: { credit_code: string; kind: string; name: string; region_code: string }[] = await this.dataSource.query(
        'SELECT credit_code, kind, name, region_code FROM organisations WHERE credit_code = ANY($1::varchar[])',
        [batch.map((r) => r.creditCode)],
      );
      const byCode = new Map(stored.map((s) => [s.credit_code, s]));
      for (const r of batch) {
        const s = byCode.get(r.creditCode);
        if (!s) continue;
        if (s.kind !== 'enterprise') {
          log.add(r.row, column, 'notEnterprise', `统一社会信用代码 ${r.creditCode} 已属于${kinds[s.kind] ?? s.kind}，不是企业`, `credit code ${r.creditCode} belongs to a ${s.kind.replace('_', ' ')}, not an enterprise`);
        } else if (!this.regions.isWithin(s.region_code, req.scopeRoot)) {
          log.add(r.row, column, 'enterpriseOutsideJurisdiction', `统一社会信用代码 ${r.creditCode} 的企业登记在您的管辖范围之外，本次导入不能修改它`, `credit code ${r.creditCode} is an enterprise registered outside your jurisdiction: this import may not change it`);
        }
      }
      progress.processedRows += batch.length;
      tick();
    }
  }

  private async finish(id: string, o: RosterOutcome, query: (sql: string, params: unknown[]) => Promise<unknown> = (sql, params) => this.dataSource.query(sql, params)) {
    await query(
      `UPDATE roster_imports SET status = $2, total_rows = $3, inserted = $4, updated = $5, skipped = $6, problem_count = $7, problems = $8::jsonb, finished_at = $9 WHERE id = $1`,
      [id, o.status, o.totalRows, o.inserted, o.updated, o.skipped, o.problemCount, JSON.stringify(o.problems), this.now()],
    );
  }

  private done(progress: RosterProgress, o: RosterOutcome, onProgress: (p: RosterProgress) => void): RosterOutcome {
    Object.assign(progress, { phase: 'done', processedRows: o.totalRows, totalRows: o.totalRows, inserted: o.inserted, updated: o.updated, skipped: o.skipped, problemCount: o.problemCount });
    onProgress(progress);
    return o;
  }
}

const emptyOutcome = (status: RosterOutcome['status'], totalRows: number): RosterOutcome => ({
  status,
  totalRows,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  skipped: 0,
  problemCount: 0,
  problems: [],
  addedToRoster: 0,
  unionsCreated: 0,
  unionsRenamed: 0,
});

const failure = (): RosterProblem => ({
  row: 0,
  column: '',
  rule: 'failed',
  message_zh: '导入过程中出错，未写入任何数据；请稍后重试',
  message_en: 'the import failed and wrote nothing; retry later',
});
