import ExcelJS from 'exceljs';
import { creditCodeCheckCharacter } from '../../organisations/credit-code.js';
import type { Region } from '../../organisations/entities/region.entity.js';
import { ROSTER_COLUMNS } from './roster-columns.js';

export interface TemplateInput {
  campaignName: string;
  /** The regions the importer may name: the part of the campaign's scope in their jurisdiction, root first. */
  regions: Region[];
  industries: { code: string; name: string }[];
}

/** Rows that carry the drop-down lists and the text format (a sheet has 1,048,576; this many is plenty). */
const LIST_ROWS = 200_000;

/** A valid credit code for the example row, registered in `region` (its 3rd–8th characters). */
export function exampleCreditCode(regionCode: string): string {
  const first17 = `91${regionCode}MA6CB7K2X`;
  return first17 + creditCodeCheckCharacter(first17);
}

/**
 * The roster template: sheet 企业名册 (the header and one example row, which imports as it is), sheet
 * 填写说明 (every column), and the lists the drop-downs of 所在地区代码, 行业门类 and 是否建会 take.
 */
export async function buildRosterTemplate(input: TemplateInput): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '集体协商工作流引擎';
  const sheet = wb.addWorksheet('企业名册', { views: [{ state: 'frozen', ySplit: 1 }] });
  const exampleRegion = input.regions.find((r) => r.level === 'county') ?? input.regions[0];
  const example = ROSTER_COLUMNS.map((c) => (c.key === 'credit_code' ? exampleCreditCode(exampleRegion.code) : c.key === 'region_code' ? exampleRegion.code : c.example));
  sheet.columns = ROSTER_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.key === 'name' || c.key === 'union_name' || c.key === 'address' ? 36 : 18 }));
  sheet.addRow(example);
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  ROSTER_COLUMNS.forEach((c, i) => {
    if (c.required) header.getCell(i + 1).note = `必填 required：${c.help.zh}`;
  });
  // Credit codes and region codes as text: 18 digits do not survive as a number.
  for (const key of ['credit_code', 'region_code']) sheet.getColumn(key).numFmt = '@';
  const col = (key: string) => sheet.getColumn(key).letter;
  const validations = (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  const list = (key: string, formula: string, prompt: string) =>
    validations.add(`${col(key)}2:${col(key)}${LIST_ROWS}`, { type: 'list', allowBlank: true, formulae: [formula], showErrorMessage: true, errorStyle: 'warning', error: prompt, showInputMessage: true, prompt });
  list('unionised', '"是,否"', '请选择“是”或“否”');
  list('region_code', `'地区代码'!$A$2:$A$${input.regions.length + 1}`, '请从“地区代码”表中选择');
  list('industry_code', `'行业门类'!$A$2:$A$${input.industries.length + 1}`, '请填写门类字母 A–T');

  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', key: 'header', width: 18 },
    { header: 'English', key: 'en', width: 22 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '说明', key: 'zh', width: 60 },
    { header: 'Notes', key: 'notes', width: 60 },
    { header: '示例', key: 'example', width: 30 },
  ];
  help.getRow(1).font = { bold: true };
  ROSTER_COLUMNS.forEach((c, i) => help.addRow({ header: c.header, en: c.key, required: c.required ? '必填' : '选填', zh: c.help.zh, notes: c.help.en, example: String(example[i]) }));
  help.addRow([]);
  for (const line of [
    `活动：${input.campaignName}`,
    '填写“企业名册”表：第一行是表头，不要改动；每行一家企业；示例行是一家可导入的示范企业，请改为真实企业或删除。',
    '同一信用代码的企业已存在时按信用代码更新（选填列留空则保留原值）；同一文件中信用代码不能重复。',
    '导入方式：“全部导入或全部拒绝”（默认）——有任何问题都不导入；“跳过有问题的行”——导入无问题的行，报告其余各行的问题。',
    '也可另存为 CSV（UTF-8，逗号分隔），表头相同。',
    'One row per enterprise under the header of sheet 企业名册; the example row imports as it is: replace or delete it. Save as .xlsx, or as CSV (UTF-8, comma separated) with the same headers.',
  ]) help.addRow([line]);

  const regions = wb.addWorksheet('地区代码');
  regions.columns = [
    { header: '代码', key: 'code', width: 10 },
    { header: '名称', key: 'name', width: 20 },
    { header: '上级代码', key: 'parent', width: 10 },
  ];
  regions.getRow(1).font = { bold: true };
  for (const r of input.regions) regions.addRow({ code: r.code, name: r.name, parent: r.parentCode ?? '' });

  const industries = wb.addWorksheet('行业门类');
  industries.columns = [
    { header: '门类', key: 'code', width: 8 },
    { header: '名称', key: 'name', width: 40 },
  ];
  industries.getRow(1).font = { bold: true };
  for (const i of input.industries) industries.addRow(i);

  return Buffer.from(await wb.xlsx.writeBuffer());
}
