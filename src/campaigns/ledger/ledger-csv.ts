import type { Writable } from 'node:stream';
import { ENTERPRISE_COLUMNS, summaryColumns, summaryRows, type CellKind, type Column, type EnterpriseRow } from './ledger-columns.js';
import type { Ledger } from './ledger.service.js';

// The ledger's sheets as CSV (RFC 4180, CRLF), UTF-8 with a byte order mark so that Excel reads the Chinese:
// the header line first, no title. Rates as "66.7%", days as YYYY-MM-DD.

export const CSV_TYPE = 'text/csv; charset=utf-8';

function csvCell(kind: CellKind, v: string | number | null): string {
  if (v === null) return '';
  let s = kind === 'rate' ? `${v}%` : String(v);
  // A text starting like a formula stays text when a spreadsheet opens the file.
  if (kind === 'text' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine<R>(columns: Column<R>[], row: R): string {
  return `${columns.map((c) => csvCell(c.kind, c.value(row))).join(',')}\r\n`;
}

const headerLine = <R>(columns: Column<R>[]) => `${columns.map((c) => csvCell('text', c.header)).join(',')}\r\n`;

/** Writes, waiting while the reader is behind; fails once the download is closed (the cursor behind it is let go). */
async function put(stream: Writable, text: string): Promise<void> {
  if (stream.destroyed) throw new Error('the download was closed');
  if (stream.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const settle = () => {
      stream.off('drain', settle);
      stream.off('close', settle);
      if (stream.destroyed) reject(new Error('the download was closed'));
      else resolve();
    };
    stream.on('drain', settle);
    stream.on('close', settle);
  });
}

export async function writeLedgerCsv(ledger: Ledger, sheet: 'summary' | 'enterprises', enterprises: AsyncIterable<EnterpriseRow[]>, stream: Writable): Promise<void> {
  await put(stream, '\uFEFF');
  if (sheet === 'summary') {
    const columns = summaryColumns(ledger.view);
    await put(stream, headerLine(columns) + summaryRows(ledger.view).map((r) => csvLine(columns, r)).join(''));
  } else {
    await put(stream, headerLine(ENTERPRISE_COLUMNS));
    for await (const batch of enterprises) await put(stream, batch.map((r) => csvLine(ENTERPRISE_COLUMNS, r)).join(''));
  }
  stream.end();
}
