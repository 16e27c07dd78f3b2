import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { projectPath } from '../../config/project-root.js';
import { TemplateDataInvalid, TemplateNotFound } from './template-errors.js';
import { TemplateRegistry, type TemplateDefinition } from './template-registry.js';

const registry = new TemplateRegistry();

const TEMPLATE_IDS = [
  'congress-resolution',
  'contract-comprehensive',
  'contract-industry-regional',
  'contract-safety-health',
  'contract-wage',
  'contract-women-workers',
  'coordination-agreement',
  'filing-list',
  'filing-receipt',
  'meeting-notice',
  'minutes',
  'offer-letter',
  'response-agreed',
  'response-refused',
  'review-opinion',
];

const bodyOf = (html: string) => html.slice(html.indexOf('<body'));
/** 行业性/区域性集体合同 reads as one of its alternatives in a document. */
const titleForms = (title: string) => (title.includes('/') ? title.replace(/^(.*?)\/(.*?)(集体合同)$/, '$1$3|$2$3').split('|') : [title]);
const sampleOf = (id: string) => registry.get(id).sample as Record<string, unknown>;

function violationsOf(fn: () => unknown): TemplateDataInvalid {
  try {
    fn();
  } catch (e) {
    if (e instanceof TemplateDataInvalid) return e;
    throw e;
  }
  throw new Error('expected TemplateDataInvalid');
}

describe('TemplateRegistry', () => {
  it('loads the fifteen templates of the procedure', () => {
    expect(registry.list().map((t) => t.id).sort()).toEqual(TEMPLATE_IDS);
    for (const t of registry.list()) {
      expect(t).toEqual({ id: t.id, version: expect.any(Number), title_zh: expect.stringMatching(/\p{Script=Han}/u), title_en: expect.any(String), layout: expect.stringMatching(/^(letter|contract)$/) });
    }
  });

  it.each(TEMPLATE_IDS)('%s renders its sample as a whole page with its Chinese title, the CSS inline and no script', (id) => {
    const definition = registry.get(id);
    const { html, template, title, subject } = registry.render(id, definition.sample);
    expect(template).toEqual({ id, version: definition.version });
    expect(subject).toBe(definition.title_zh);
    expect(html.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain(`<title>${title}</title>`);
    expect(html).toMatch(/<style>\n[\s\S]*@page[\s\S]*<\/style>/);
    expect(html).toContain('size: A4');
    expect(html).not.toMatch(/<script|<link|<iframe|<img|\son[a-z]+=|javascript:/i);
    expect(html).not.toMatch(/\{\{|\}\}/); // no Handlebars left over
    const body = bodyOf(html);
    expect(titleForms(definition.title_zh).some((t) => body.includes(t))).toBe(true);
    expect(body).toContain(title.replace(/（草案）$/, ''));
  });

  it('gives each document its title: the template title, or the data own title, marked when a draft', () => {
    expect(registry.render('offer-letter', sampleOf('offer-letter')).title).toBe('集体协商要约书');
    expect(registry.render('contract-wage', sampleOf('contract-wage')).title).toBe('成都蜀锦机械制造有限公司工资专项集体合同');
    expect(registry.render('contract-comprehensive', sampleOf('contract-comprehensive')).title).toBe('成都蜀锦机械制造有限公司集体合同（草案）');
  });

  it('letters carry the GB/T 9704 page, the seal line dated in Chinese numerals, and page numbers "— 1 —"', () => {
    const { html } = registry.render('offer-letter', sampleOf('offer-letter'));
    expect(html).toContain('margin: 37mm 26mm 35mm 28mm');
    expect(html).toContain('content: "— " counter(page) " —"');
    expect(html).toMatch(/<p class="signer">成都蜀锦机械制造有限公司工会<\/p>\s*<p class="seal-mark">（盖章）<\/p>\s*<p class="signed-on">二〇一八年三月一日<\/p>/);
    expect(html).toContain('<p class="addressee">成都蜀锦机械制造有限公司：</p>');
    expect(html).toContain('（一）2018年度职工工资增长幅度');
  });

  it('contracts number chapters and articles through the text, with "第 X 页 共 Y 页"', () => {
    const { html } = registry.render('contract-wage', sampleOf('contract-wage'));
    expect(html).toContain('content: "第 " counter(page) " 页 共 " counter(pages) " 页"');
    expect(html).toContain('第一章　总则');
    expect(html).toContain('第四章　合同期限、变更和解除');
    expect(html).toContain('<span class="article-no">第十一条</span>');
    expect(html).toContain('1780元（大写：壹仟柒佰捌拾元整）');
    // The signed contract: both chiefs' signature block and the verification code, as text and QR.
    expect(html).toMatch(/首席代表（签字）：张明华[\s\S]*首席代表（签字）：王建国[\s\S]*签订日期：二〇一八年四月二十五日/);
    expect(html).toContain('<div class="qr"><svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('9f2c4e1a7b3d58e06c1f2a9b4d7e0c3a5b8f1d2e4c6a9b0d3f5e7a1c2b4d6e8f');
    expect(html).not.toContain('class="watermark"');
  });

  it('a draft carries the 草案 watermark and no signature block', () => {
    const { html } = registry.render('contract-comprehensive', sampleOf('contract-comprehensive'));
    expect(html).toContain('<div class="watermark" aria-hidden="true">草案</div>');
    expect(html).toContain('（草案　第三稿）');
    expect(html).not.toContain('class="signatures"');
    const signed = registry.render('contract-comprehensive', { ...sampleOf('contract-comprehensive'), draft: false, signature: { employeeChief: '张明华', employerChief: '王建国', signedOn: '2018-04-25' } });
    expect(signed.html).not.toContain('class="watermark"');
    expect(signed.html).toContain('class="signatures"');
  });

  it('the industry/regional contract lists the enterprises and employees it covers', () => {
    const { html } = registry.render('contract-industry-regional', sampleOf('contract-industry-regional'));
    expect(html).toContain('本合同对附件所列3家企业及其838名职工具有约束力');
    expect(html).toMatch(/<td class="num">2<\/td><td>成都蓉城老灶火锅有限公司<\/td><td class="num">186<\/td>/);
    expect(html).toContain('订立本行业性集体合同');
    const regional: Record<string, unknown> = { ...sampleOf('contract-industry-regional'), scope: 'regional', area: '四川省成都市武侯区簇桥街道', title: '簇桥街道区域性集体合同' };
    delete regional.industry;
    expect(registry.render('contract-industry-regional', regional).html).toContain('订立本区域性集体合同');
    const industryWithout = { ...sampleOf('contract-industry-regional') };
    delete industryWithout.industry;
    expect(violationsOf(() => registry.render('contract-industry-regional', industryWithout)).violations).toEqual([expect.objectContaining({ field: 'industry', rule: 'required' })]);
  });

  it('the congress resolution records roster, attendance and votes, and a rejection its reasons (Art 36)', () => {
    const passed = registry.render('congress-resolution', sampleOf('congress-resolution')).html;
    expect(passed).toContain('本次会议应到职工代表120名，实到112名，出席人数达到应到人数的三分之二以上');
    expect(passed).toContain('赞成98票，反对6票，弃权8票');
    expect(passed).toContain('会议决定：通过');
    const rejected = registry.render('congress-resolution', {
      ...sampleOf('congress-resolution'),
      present: 70,
      yes: 55,
      no: 10,
      abstain: 5,
      quorumMet: false,
      majorityMet: false,
      passed: false,
      subtitle: undefined,
      reasons: ['出席人数 70 未达应到人数 120 的 2/3', '赞成 55 票未超过全体应到人数 120 的半数'],
      objections: ['工资增长幅度偏低'],
    } as Record<string, unknown>).html;
    expect(rejected).toContain('未获通过');
    expect(rejected).toContain('（一）出席人数 70 未达应到人数 120 的 2/3');
    expect(rejected).toContain('（一）工资增长幅度偏低');
  });

  it('the filing list ticks each material or marks it missing', () => {
    const sample = sampleOf('filing-list');
    const items = (sample.items as Record<string, unknown>[]).map((item, i) => (i === 3 ? { ...item, provided: false } : item));
    const html = registry.render('filing-list', { ...sample, items, complete: false }).html;
    expect(html.match(/√ 已附/g)).toHaveLength(5);
    expect(html.match(/× 缺/g)).toHaveLength(1);
    expect(html).toContain('标“×”的材料尚未报送');
  });

  it('the review opinion gives findings per article, or the approval with the 10 days to publish', () => {
    const objection = registry.render('review-opinion', sampleOf('review-opinion')).html;
    expect(objection).toMatch(/<td class="num">第三条<\/td><td>约定的月最低工资1500元/);
    expect(objection).toContain('自收到文本之日起15日内');
    const approval: Record<string, unknown> = { ...sampleOf('review-opinion'), outcome: 'approved', effectiveOn: '2018-05-13' };
    delete approval.findings;
    const html = registry.render('review-opinion', approval).html;
    expect(html).toContain('该集体合同自2018年5月13日起生效');
    expect(html).toContain('自集体合同生效之日起10日内');
    delete approval.effectiveOn;
    expect(violationsOf(() => registry.render('review-opinion', approval)).violations).toEqual([expect.objectContaining({ field: 'effectiveOn', rule: 'required' })]);
  });

  describe('invalid data → 422 template-data-invalid listing every problem', () => {
    it.each(TEMPLATE_IDS)('%s: a missing required variable and one of the wrong type', (id) => {
      const definition: TemplateDefinition = registry.get(id);
      const schema = definition.schema as { required: string[]; properties: Record<string, { type?: string }> };
      const [missing, wrong] = schema.required;
      const data = { ...definition.sample };
      delete data[missing];
      data[wrong] = schema.properties[wrong].type === 'string' ? 42 : '四十二';
      const error = violationsOf(() => registry.render(id, data));
      expect(error.status).toBe(422);
      expect(error.code).toBe('template-data-invalid');
      expect(error.extra.errors).toBe(error.violations);
      expect(error.violations).toEqual(
        expect.arrayContaining([
          { field: missing, rule: 'required', message_zh: expect.stringContaining(missing), message_en: `${missing} is required` },
          expect.objectContaining({ field: wrong, rule: 'type', message_zh: expect.stringMatching(/应为/), message_en: expect.stringContaining(wrong) }),
        ]),
      );
    });

    it('names nested fields with dots, in Chinese and English', () => {
      const data = structuredClone(sampleOf('offer-letter'));
      (data.sender as Record<string, unknown>).name = '';
      delete (data.addressee as Record<string, unknown>).name;
      data.subjects = ['工资', 3];
      data.issuedOn = '2018-02-30';
      data.responseDays = 0;
      data.senderSide = 'bureau';
      data.extra = 1;
      const { violations } = violationsOf(() => registry.render('offer-letter', data));
      expect(violations.map((v) => `${v.field}:${v.rule}`).sort()).toEqual(
        ['addressee.name:required', 'extra:additionalProperties', 'issuedOn:format', 'responseDays:minimum', 'sender.name:minLength', 'sender.name:pattern', 'senderSide:enum', 'subjects.1:type'].sort(),
      );
      expect(violations.find((v) => v.field === 'addressee.name')?.message_zh).toBe('缺少必填项 名称（addressee.name）');
      expect(violations.find((v) => v.field === 'issuedOn')?.message_zh).toBe('成文日期（issuedOn） 必须是有效日期（YYYY-MM-DD）');
      expect(registry.validate('offer-letter', sampleOf('offer-letter'))).toEqual([]);
    });

    it('refuses what is not an object', () => {
      expect(violationsOf(() => registry.render('minutes', null as unknown as Record<string, unknown>)).violations[0]).toMatchObject({ field: '', rule: 'type' });
    });
  });

  it('an unknown template is a 404', () => {
    expect(() => registry.render('no-such-template', {})).toThrow(TemplateNotFound);
    expect(() => registry.get('constructor')).toThrow(TemplateNotFound);
    expect(() => registry.get('__proto__')).toThrow(TemplateNotFound);
    try {
      registry.get('x');
    } catch (e) {
      expect((e as TemplateNotFound).status).toBe(404);
    }
  });

  it('hands out copies: a caller cannot change a template', () => {
    const copy = registry.get('offer-letter');
    (copy.schema as Record<string, unknown>).required = [];
    copy.sample.issuedOn = 'garbage';
    expect(registry.get('offer-letter').sample.issuedOn).toBe('2018-03-01');
    expect(() => registry.render('offer-letter', {})).toThrow(TemplateDataInvalid);
  });
});

describe('the template files', () => {
  const root = projectPath('templates');
  const hbsFiles = ['layouts', 'partials', 'documents'].flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith('.hbs'))
      .map((f) => join(root, dir, f)),
  );
  const css = readdirSync(join(root, 'css')).map((f) => readFileSync(join(root, 'css', f), 'utf8'));

  it('hold one unescaped expression in all: the QR drawing the service makes', () => {
    const raw = hbsFiles.flatMap((f) => (readFileSync(f, 'utf8').match(/\{\{\{[^}]*\}\}\}|\{\{&[^}]*\}\}/g) ?? []).map((m) => `${f.slice(root.length + 1)} ${m}`));
    expect(raw).toEqual(['partials/contract-verification.hbs {{{verification.qrSvg}}}']);
  });

  it('never ask for a bold face (synthesized bold becomes Type 3 glyphs) and name only the renderer font families', () => {
    for (const sheet of css) {
      expect(sheet).not.toMatch(/font-weight\s*:\s*(bold|bolder|[5-9]00)/);
      expect(sheet).not.toMatch(/<\s*(b|strong)\b/);
      for (const [, families] of sheet.matchAll(/font-family\s*:\s*([^;]+);/g)) {
        expect(families.split(',').map((f) => f.trim())).toEqual(expect.arrayContaining([expect.stringMatching(/^cb-(song|kai|hei)$/)]));
        for (const family of families.split(',')) expect(family.trim()).toMatch(/^cb-(song|kai|hei)$/);
      }
    }
    expect(css.join('\n')).toContain('font-synthesis: none');
    for (const f of hbsFiles) expect(readFileSync(f, 'utf8')).not.toMatch(/<\s*(b|strong)\b|style\s*=/);
  });

  it('set titles in 二号 (22pt) Song, the body in 三号 (16pt) on a 28.9pt line', () => {
    const all = css.join('\n');
    expect(all).toMatch(/\.doc-title \{[^}]*font-family: cb-song[^}]*font-size: 22pt/);
    expect(all).toMatch(/html \{[^}]*font-family: cb-song[^}]*font-size: 16pt[^}]*line-height: 28\.9pt/);
  });
});

describe('loading refuses unsafe or broken templates', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  const copyWith = (change: (dir: string) => void) => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-templates-'));
    dirs.push(dir);
    cpSync(projectPath('templates'), dir, { recursive: true });
    change(dir);
    return dir;
  };
  const append = (file: string, text: string) => writeFileSync(file, readFileSync(file, 'utf8') + text);

  it('an unescaped expression other than the QR drawing', () => {
    const dir = copyWith((d) => append(join(d, 'documents', 'minutes.hbs'), '{{{minutes}}}'));
    expect(() => new TemplateRegistry(dir)).toThrow(/minutes\.hbs: unescaped expression \{\{\{minutes\}\}\}/);
    const amp = copyWith((d) => append(join(d, 'partials', 'paragraphs.hbs'), '{{& text}}'));
    expect(() => new TemplateRegistry(amp)).toThrow(/unescaped expression/);
  });

  it('a script element', () => {
    const dir = copyWith((d) => append(join(d, 'layouts', 'letter.hbs'), '<SCRIPT>1</SCRIPT>'));
    expect(() => new TemplateRegistry(dir)).toThrow(/may not contain <script>/);
  });

  it('CSS that would fetch something', () => {
    const dir = copyWith((d) => append(join(d, 'css', 'base.css'), '\n@font-face { font-family: x; src: url(http://127.0.0.1/x.ttf); }'));
    expect(() => new TemplateRegistry(dir)).toThrow(/may not fetch anything/);
  });

  it('a sample that does not match its schema', () => {
    const dir = copyWith((d) => {
      const file = join(d, 'documents', 'filing-receipt.json');
      const def = JSON.parse(readFileSync(file, 'utf8'));
      def.sample.reviewDays = '十五';
      writeFileSync(file, JSON.stringify(def));
    });
    expect(() => new TemplateRegistry(dir)).toThrow(/filing-receipt\.json: sample does not match the schema: reviewDays must be integer/);
  });

  it('a contract schema that lets the QR drawing through unchecked', () => {
    const dir = copyWith((d) => {
      const file = join(d, 'documents', 'contract-wage.json');
      const def = JSON.parse(readFileSync(file, 'utf8'));
      delete def.schema.properties.verification.properties.qrSvg['x-inert-svg'];
      writeFileSync(file, JSON.stringify(def));
    });
    expect(() => new TemplateRegistry(dir)).toThrow(/x-inert-svg/);
  });

  it('a template naming a variable its sample lacks, or an unknown helper', () => {
    const missing = copyWith((d) => append(join(d, 'documents', 'filing-receipt.hbs'), '<p>{{receiptNumber}}</p>'));
    expect(() => new TemplateRegistry(missing)).toThrow(/filing-receipt\.hbs: "receiptNumber" not defined/);
    const helper = copyWith((d) => append(join(d, 'documents', 'filing-receipt.hbs'), '<p>{{upper contractTitle}}</p>'));
    expect(() => new TemplateRegistry(helper)).toThrow(/filing-receipt\.hbs: .*unknown helper upper/);
  });

  it('templates cannot reach prototypes either: Handlebars 4 defaults are kept', () => {
    const dir = copyWith((d) => append(join(d, 'documents', 'minutes.hbs'), '<p class="proto">[{{lookup this "constructor"}}][{{lookup recorder "__proto__"}}][{{lookup recorder "__defineGetter__"}}]</p>'));
    const denied = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const html = new TemplateRegistry(dir).render('minutes', sampleOf('minutes')).html;
      expect(html).toContain('<p class="proto">[][][]</p>');
    } finally {
      denied.mockRestore();
    }
  });

  it('a schema open at the top level', () => {
    const dir = copyWith((d) => {
      const file = join(d, 'documents', 'minutes.json');
      const def = JSON.parse(readFileSync(file, 'utf8'));
      def.schema.additionalProperties = true;
      writeFileSync(file, JSON.stringify(def));
    });
    expect(() => new TemplateRegistry(dir)).toThrow(/additionalProperties false/);
  });
});
