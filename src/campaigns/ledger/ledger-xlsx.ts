import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { ENTERPRISE_COLUMNS, SUMMARY_NOTES, summaryColumns, summaryRows, type CellKind, type Column, type EnterpriseRow } from './ledger-columns.js';
import type { Ledger } from './ledger.service.js';

// The ledger as an XLSX workbook, written as a stream (exceljs's WorkbookWriter: rows leave as they are
// committed, so a province's enterprise sheet never sits in memory): 活动情况汇总表 then 企业集体协商建制情况表.

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const NUM_FMT: Record<CellKind, string | undefined> = { text: undefined, int: '#,##0', rate: '0.0%', date: 'yyyy-mm-dd' };
const THIN = { style: 'thin' as const, color: { argb: 'FFB4B4B4' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FONT = { name: '宋体', size: 10 };

/** A cell's value: rates (per cent) as fractions shown as 0.0%, days as dates. */
function cellValue(kind: CellKind, v: string | number | null): ExcelJS.CellValue {
  if (v === null || v === '') return null;
  if (kind === 'rate') return Math.round((v as number) * 10) / 1000;
  if (kind === 'date') return new Date(`${v}T00:00:00Z`);
  return v;
}

/** The line under the title: period, region (and filters), as-of day. */
export function scopeLine(ledger: Ledger): string {
  const { view } = ledger;
  const filters = [view.filters.industry ? `行业：${view.filters.industry}` : '', view.filters.kind ? `合同类型：${view.filters.kind}` : ''].filter(Boolean).join('，');
  return `活动期间：${view.campaign.startsOn} 至 ${view.campaign.endsOn}　统计范围：${view.region.name}${filters ? `（${filters}）` : ''}　统计日期：${view.asOf}`;
}

/**
 * A sheet with its title, scope line and header. `bordered` rows get a font and borders cell by cell (the
 * summary); the others take their number formats from their column (the enterprise sheet: styling each of a
 * province's million cells tripled the time to write it).
 */
function addSheet<R>(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, title: string, subtitle: string, columns: Column<R>[], frozenColumns: number, bordered: boolean) {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: frozenColumns, ySplit: 3 }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
  });
  ws.columns = columns.map((c, i) => {
    const numFmt = NUM_FMT[c.kind];
    return { key: String(i), width: c.width, ...(!bordered && numFmt ? { style: { numFmt } } : {}) };
  });
  ws.mergeCells(1, 1, 1, columns.length);
  ws.mergeCells(2, 1, 2, columns.length);
  const titleRow = ws.getRow(1);
  titleRow.height = 26;
  titleRow.getCell(1).value = title;
  titleRow.getCell(1).font = { name: '黑体', size: 15, bold: true };
  titleRow.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  titleRow.commit();
  const info = ws.getRow(2);
  info.getCell(1).value = subtitle;
  info.getCell(1).font = FONT;
  info.commit();
  const header = ws.getRow(3);
  header.height = 30;
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { ...FONT, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
    cell.border = BORDER;
  });
  header.commit();
  const write = (row: R, bold = false) => {
    const r = ws.addRow(columns.map((c) => cellValue(c.kind, c.value(row))));
    if (bordered) {
      columns.forEach((c, i) => {
        const cell = r.getCell(i + 1);
        const fmt = NUM_FMT[c.kind];
        if (fmt) cell.numFmt = fmt;
        cell.font = bold ? { ...FONT, bold: true } : FONT;
        cell.border = BORDER;
        if (c.kind === 'text' && i > 0) cell.alignment = { vertical: 'middle', wrapText: c.width >= 20 };
      });
    }
    r.commit();
  };
  return { ws, write };
}

export async function writeLedgerXlsx(ledger: Ledger, enterprises: AsyncIterable<EnterpriseRow[]>, stream: Writable): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = '集体协商工作平台';
  wb.title = `${ledger.view.campaign.name} 台账`;
  wb.created = new Date();
  const subtitle = scopeLine(ledger);

  const columns = summaryColumns(ledger.view);
  const summary = addSheet(wb, '活动情况汇总表', `${ledger.view.campaign.name}　活动情况汇总表`, subtitle, columns, 1, true);
  const rows = summaryRows(ledger.view);
  rows.forEach((row, i) => summary.write(row, i === rows.length - 1));
  for (const note of SUMMARY_NOTES) {
    const r = summary.ws.addRow([note]);
    r.getCell(1).font = { ...FONT, color: { argb: 'FF555555' } };
    r.commit();
  }
  await summary.ws.commit();

  const sheet = addSheet(wb, '企业集体协商建制情况表', `${ledger.view.campaign.name}　企业集体协商建制情况表`, subtitle, ENTERPRISE_COLUMNS, 3, false);
  for await (const batch of enterprises) {
    // A closed download stops the reading (and ends the cursor's transaction).
    if (stream.destroyed) throw new Error('the download was closed');
    for (const row of batch) sheet.write(row);
  }
  await sheet.ws.commit();
  await wb.commit();
}
