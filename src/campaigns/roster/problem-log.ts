import type { RosterProblem } from '../entities/roster-import.entity.js';
import { ROSTER_COLUMNS } from './roster-columns.js';

/** How many problems an import keeps (roster_imports.problems); problem_count has them all. */
export const KEPT_PROBLEMS = 1000;

const COLUMN_ORDER = new Map(ROSTER_COLUMNS.map((c, i) => [c.header, i]));
const order = (p: RosterProblem) => p.row * 100 + (p.column === '' ? -1 : (COLUMN_ORDER.get(p.column) ?? 50));

/**
 * The problems of one import: every one counted, the first KEPT_PROBLEMS by row and column kept, whatever
 * order they were found in (the checks against the database come after the whole file was read). Memory
 * stays bounded: the list is cut back to the first KEPT_PROBLEMS whenever it doubles.
 */
export class ProblemLog {
  private list: RosterProblem[] = [];
  private total = 0;
  private readonly rows = new Set<number>();
  private fileLevel = false;

  /** A problem of one data row: that row is not imported. */
  add(row: number, column: string, rule: string, zh: string, en: string): void {
    this.rows.add(row);
    this.push(row, column, rule, zh, en);
  }

  /** A problem of the file as a whole (its format, its headers): nothing of it is imported, in either mode. */
  addFile(row: number, column: string, rule: string, zh: string, en: string): void {
    this.fileLevel = true;
    this.push(row, column, rule, zh, en);
  }

  private push(row: number, column: string, rule: string, zh: string, en: string) {
    this.total++;
    this.list.push({ row, column, rule, message_zh: zh, message_en: en });
    if (this.list.length >= 2 * KEPT_PROBLEMS) this.cut();
  }

  get count(): number {
    return this.total;
  }

  get hasFileProblems(): boolean {
    return this.fileLevel;
  }

  hasRow(row: number): boolean {
    return this.rows.has(row);
  }

  /** Data rows with at least one problem. */
  get badRows(): number {
    return this.rows.size;
  }

  kept(): RosterProblem[] {
    this.cut();
    return this.list;
  }

  private cut() {
    this.list.sort((a, b) => order(a) - order(b));
    this.list.length = Math.min(this.list.length, KEPT_PROBLEMS);
  }
}
