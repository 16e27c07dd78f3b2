import { Readable } from 'node:stream';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { CsvSyntaxError, csvRecords } from './csv-records.js';
import { declaredLastRow, zipEntries } from './zip-directory.js';

// What the roster file holds, read as rows of cells, whatever its format: an XLSX workbook (its first
// sheet, streamed by exceljs) or a CSV text (UTF-8 with or without BOM; GB 18030, as Excel saves "CSV" on
// Chinese Windows, is read too). The format is told from the content, not from the name: a workbook
// named .csv is read as a workbook, a text named .xlsx is refused.

export type Cell = string | number | boolean | null;

export interface SheetRow {
  /** As the spreadsheet numbers it: the header is row 1. */
  row: number;
  cells: Cell[];
}

/** The file cannot be read as a roster: a problem of the whole file (row 0, or the row it broke at). */
export class RosterFileError extends Error {
  constructor(
    readonly rule: string,
    readonly zh: string,
    readonly en: string,
    readonly row = 0,
  ) {
    super(en);
  }
}

export interface RosterSheet {
  format: 'xlsx' | 'csv';
  rows: AsyncIterable<SheetRow>;
  /** The last row number the file is expected to have, for progress: a workbook's declared dimension, a CSV's by the bytes read so far; null when unknown. */
  lastRowEstimate(): number | null;
}

const XLSX_NAME = /\.(xlsx|xlsm|xltx|xls|et)$/i;
/** Local file header, empty archive, spanned archive. */
const ZIP_SIGNATURES = [0x04034b50, 0x06054b50, 0x08074b50];
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** Longer than any row of a sound workbook takes: the streaming reader has stopped (a corrupt entry). */
const STALL_MS = 60_000;
const CHUNK = 64 * 1024;

const notSpreadsheet = (fileName: string) =>
  new RosterFileError(
    'notSpreadsheet',
    `文件“${fileName}”不是 Excel 工作簿（.xlsx）或 CSV 文本，无法读取；请用模板填写后另存为 .xlsx 或 CSV（UTF-8）`,
    `file “${fileName}” is neither an Excel workbook (.xlsx) nor a CSV text; fill in the template and save it as .xlsx or CSV (UTF-8)`,
  );

/** Tells the format from the content; throws RosterFileError for a file that is no roster at all. */
export function openRosterFile(fileName: string, content: Buffer): RosterSheet {
  if (content.length === 0) throw new RosterFileError('emptyFile', '文件为空（0 字节）', 'the file is empty (0 bytes)');
  if (content.length >= 4 && ZIP_SIGNATURES.includes(content.readUInt32LE(0))) {
    const lastRow = checkXlsxDirectory(fileName, content);
    return { format: 'xlsx', rows: xlsxRows(fileName, content), lastRowEstimate: () => lastRow };
  }
  if (content.subarray(0, 8).equals(OLE)) {
    throw new RosterFileError(
      'oldExcelFormat',
      '文件是旧版 Excel（.xls）或加密的工作簿，无法读取；请在 Excel 中另存为 .xlsx（不设密码）',
      'the file is an old Excel workbook (.xls) or a password-protected one; save it as .xlsx without a password',
    );
  }
  if (XLSX_NAME.test(fileName)) throw notSpreadsheet(fileName);
  const text = decodeText(fileName, content);
  const at = { record: 0, char: 0 };
  return {
    format: 'csv',
    rows: csvRows(text, at),
    lastRowEstimate: () => (at.char > 0 ? Math.round((at.record * text.length) / at.char) : null),
  };
}

function decodeText(fileName: string, content: Buffer): string {
  if (content.subarray(0, 8192).includes(0)) {
    if (content[0] === 0xff && content[1] === 0xfe) {
      throw new RosterFileError('encoding', 'CSV 文件是 UTF-16 编码（Excel“Unicode 文本”），请另存为“CSV UTF-8（逗号分隔）”', 'the CSV is UTF-16 (Excel “Unicode text”); save it as “CSV UTF-8 (comma delimited)”');
    }
    throw notSpreadsheet(fileName);
  }
  const body = content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf ? content.subarray(3) : content;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    try {
      return new TextDecoder('gb18030', { fatal: true }).decode(body);
    } catch {
      throw new RosterFileError('encoding', 'CSV 文件的字符编码无法识别，请另存为“CSV UTF-8（逗号分隔）”', 'the CSV’s character encoding is not recognised; save it as “CSV UTF-8 (comma delimited)”');
    }
  }
}

async function* csvRows(text: string, at: { record: number; char: number }): AsyncGenerator<SheetRow> {
  try {
    for (const { record, fields, end } of csvRecords(text)) {
      at.record = record;
      at.char = end;
      yield { row: record, cells: fields };
      // Long files: let the service answer other requests (the progress polls) while this one is read.
      if (record % 5000 === 0) await yieldToLoop();
    }
  } catch (err) {
    if (err instanceof CsvSyntaxError) {
      throw new RosterFileError('csvSyntax', `CSV 第 ${err.record} 行起的引号未闭合，文件不完整或格式有误`, `the quoted field starting in CSV record ${err.record} is never closed: the file is cut short or malformed`, err.record);
    }
    throw err;
  }
}

/** Refuses a ZIP that does not hold together or is no workbook; returns the first sheet's declared last row. */
function checkXlsxDirectory(fileName: string, content: Buffer): number | null {
  const entries = zipEntries(content);
  if (entries === null) {
    throw new RosterFileError('corruptFile', `工作簿“${fileName}”已损坏或不完整（ZIP 目录缺失），请重新保存或重新上传`, `workbook “${fileName}” is corrupt or cut short (its ZIP directory is missing); save or upload it again`);
  }
  if (entries.length === 0) return null; // ZIP64: left to the reader
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) {
    throw new RosterFileError('notXlsx', `文件“${fileName}”是 ZIP 压缩包，但不是 Excel 工作簿（缺少 xl/workbook.xml）`, `file “${fileName}” is a ZIP archive but not an Excel workbook (no xl/workbook.xml)`);
  }
  const sheets = entries.filter((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name)).sort((a, b) => Number(/\d+/.exec(a.name)![0]) - Number(/\d+/.exec(b.name)![0]));
  if (!sheets.length) throw new RosterFileError('noWorksheet', '工作簿中没有工作表', 'the workbook has no worksheet');
  return declaredLastRow(content, sheets[0]);
}

function* chunks(content: Buffer) {
  for (let at = 0; at < content.length; at += CHUNK) yield content.subarray(at, at + CHUNK);
}

/** One row's cell values as text, number or boolean (rich text joined, a formula's cached result, an error as its code). */
export function cellValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; formula?: unknown; sharedFormula?: unknown; error?: string };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text ?? '').join('');
    if ('formula' in o || 'sharedFormula' in o) return cellValue(o.result);
    if ('text' in o) return cellValue(o.text);
    if (typeof o.error === 'string') return o.error;
  }
  return String(v);
}

async function* xlsxRows(fileName: string, content: Buffer): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(chunks(content)), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  const corrupt = (detail: string) =>
    new RosterFileError('corruptFile', `工作簿“${fileName}”已损坏，无法读取（${detail}）`, `workbook “${fileName}” is corrupt and cannot be read (${detail})`);
  let found = false;
  try {
    for await (const sheet of guard(reader, corrupt)) {
      // The first sheet in the workbook's own order when it is known (the entries may come in another), else the first met.
      const first = (reader as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets?.[0]?.name;
      const take: boolean = !found && (first === undefined || (sheet as unknown as { name: string }).name === first);
      for await (const row of guard(sheet, corrupt)) {
        if (!take) continue; // the other sheets are read through (the reader cleans up its temporary files at their end)
        const values = row.values as unknown[];
        const cells: Cell[] = new Array(Math.max(0, values.length - 1));
        for (let c = 1; c < values.length; c++) cells[c - 1] = cellValue(values[c]);
        yield { row: row.number, cells };
      }
      found ||= take;
    }
  } catch (err) {
    if (err instanceof RosterFileError) throw err;
    throw corrupt(String(err?.message ?? err).slice(0, 200));
  }
  if (!found) throw new RosterFileError('noWorksheet', '工作簿中没有工作表', 'the workbook has no worksheet');
}

/** The items of `source`, failing with `stalled()` when the next one takes longer than STALL_MS. */
async function* guard<T>(source: AsyncIterable<T>, stalled: (detail: string) => Error): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(stalled('读取停滞 reading stalled')), STALL_MS);
    });
    let next: IteratorResult<T>;
    try {
      next = await Promise.race([it.next(), timeout]);
    } finally {
      clearTimeout(timer);
    }
    if (next.done) return;
    yield next.value;
  }
}
