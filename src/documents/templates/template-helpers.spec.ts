import { describe, expect, it } from '@jest/globals';
import Handlebars from 'handlebars';
import { articleNo, chapterNo, cnDate, cnIndex, cnNumber, date, eq, inc, join, lines, parseIsoDate, percent, registerTemplateHelpers, rmbUpper } from './template-helpers.js';

describe('cnDate', () => {
  it.each([
    ['2018-03-01', '二〇一八年三月一日'],
    ['2020-10-10', '二〇二〇年十月十日'],
    ['2019-12-31', '二〇一九年十二月三十一日'],
    ['2000-01-20', '二〇〇〇年一月二十日'],
    ['2024-02-29', '二〇二四年二月二十九日'],
  ])('%s → %s', (iso, zh) => expect(cnDate(iso)).toBe(zh));

  it.each([['2018-02-30'], ['2018-3-1'], ['20180301'], [''], [null], [20180301], ['2018-03-01T00:00:00Z']])('throws on %p', (bad) => {
    expect(() => cnDate(bad)).toThrow(/cnDate/);
  });
});

describe('date', () => {
  it.each([
    ['2018-03-01', '2018年3月1日'],
    ['2021-12-31', '2021年12月31日'],
  ])('%s → %s', (iso, zh) => expect(date(iso)).toBe(zh));

  it('throws on what is not a calendar date', () => {
    expect(() => date('2019-02-29')).toThrow(/date/);
    expect(() => date(undefined)).toThrow();
  });

  it('parseIsoDate accepts only real days', () => {
    expect(parseIsoDate('2024-02-29')).toEqual([2024, 2, 29]);
    expect(parseIsoDate('2023-02-29')).toBeUndefined();
    expect(parseIsoDate('2023-13-01')).toBeUndefined();
  });
});

describe('rmbUpper', () => {
  it.each([
    [1780, '壹仟柒佰捌拾元整'],
    [1780.5, '壹仟柒佰捌拾元伍角'],
    [10005, '壹万零伍元整'],
    [0, '零元整'],
    [10, '壹拾元整'],
    [1005, '壹仟零伍元整'],
    [1050, '壹仟零伍拾元整'],
    [100000, '壹拾万元整'],
    [10010000, '壹仟零壹万元整'],
    [100000001, '壹亿零壹元整'],
    [110000000, '壹亿壹仟万元整'],
    [1780.05, '壹仟柒佰捌拾元零伍分'],
    [1780.55, '壹仟柒佰捌拾元伍角伍分'],
    [0.5, '伍角'],
    [0.05, '伍分'],
    [0.29, '贰角玖分'],
    ['1780', '壹仟柒佰捌拾元整'],
  ])('%p → %s', (amount, zh) => expect(rmbUpper(amount)).toBe(zh));

  it.each([[-1], [-0.01], [NaN], [Infinity], ['abc'], ['-5'], [null], [undefined], [1e12]])('throws on %p', (bad) => {
    expect(() => rmbUpper(bad)).toThrow(/rmbUpper/);
  });
});

describe('numbering', () => {
  it('chapterNo and articleNo', () => {
    expect(chapterNo(1)).toBe('第一章');
    expect(chapterNo(10)).toBe('第十章');
    expect(articleNo(12)).toBe('第十二条');
    expect(articleNo(20)).toBe('第二十条');
    expect(articleNo(105)).toBe('第一百零五条');
  });

  it('cnNumber', () => {
    expect(cnNumber(0)).toBe('零');
    expect(cnNumber(3)).toBe('三');
    expect(cnNumber(11)).toBe('十一');
    expect(cnNumber(110)).toBe('一百一十');
    expect(cnNumber(2018)).toBe('二千零一十八');
  });

  it('cnIndex and inc count loop indexes from one', () => {
    expect(cnIndex(0)).toBe('一');
    expect(cnIndex(9)).toBe('十');
    expect(inc(0)).toBe('1');
  });

  it.each([[0.5], [-1], [10000], ['3'], [NaN]])('articleNo throws on %p', (bad) => expect(() => articleNo(bad)).toThrow(/articleNo/));
  it('chapters and articles count from one', () => {
    expect(() => chapterNo(0)).toThrow(/chapterNo/);
    expect(() => articleNo(0)).toThrow(/articleNo/);
  });
});

describe('percent', () => {
  it.each([
    [6, '6%'],
    [0.5, '0.5%'],
    [150, '150%'],
    [0, '0%'],
    [0.1 + 0.2, '0.3%'],
    [-2, '-2%'],
  ])('%p → %s', (n, s) => expect(percent(n)).toBe(s));

  it('throws on what is not a number', () => {
    expect(() => percent(NaN)).toThrow(/percent/);
    expect(() => percent('6')).toThrow(/percent/);
  });
});

describe('eq, join, lines', () => {
  it('eq is strict equality', () => {
    expect(eq('employee', 'employee')).toBe(true);
    expect(eq(1, '1')).toBe(false);
  });

  it('join uses the enumeration comma unless told otherwise', () => {
    expect(join(['工资', '工时', '休假'])).toBe('工资、工时、休假');
    expect(join(['a', 'b'], '；')).toBe('a；b');
    expect(join([])).toBe('');
    expect(() => join('工资')).toThrow(/join/);
  });

  it('lines splits a text into its non-blank lines', () => {
    expect(lines('第一段\n\n  第二段 \r\n')).toEqual(['第一段', '第二段']);
    expect(() => lines(undefined)).toThrow(/lines/);
  });
});

describe('registerTemplateHelpers', () => {
  const hbs = Handlebars.create();
  registerTemplateHelpers(hbs);
  const render = (source: string, data: object) => hbs.compile(source, { strict: true })(data);

  it('makes every helper usable in a template, Handlebars options dropped', () => {
    expect(render('{{cnDate d}}|{{date d}}|{{rmbUpper n}}|{{chapterNo 1}}|{{articleNo 12}}|{{percent 6}}|{{cnNumber 3}}|{{join list}}|{{#if (eq a "x")}}yes{{/if}}', { d: '2018-03-01', n: 1780, list: ['甲', '乙'], a: 'x' })).toBe(
      '二〇一八年三月一日|2018年3月1日|壹仟柒佰捌拾元整|第一章|第十二条|6%|三|甲、乙|yes',
    );
    expect(render('{{#each (lines t)}}<p>{{this}}</p>{{/each}}', { t: '一\n二' })).toBe('<p>一</p><p>二</p>');
  });

  it('returns strings Handlebars escapes: no helper passes user text through unescaped', () => {
    expect(render('{{join list}}', { list: ['<b>', '"x"'] })).toBe('&lt;b&gt;、&quot;x&quot;');
    expect(render('{{#each (lines t)}}{{this}}{{/each}}', { t: '<script>alert(1)</script>' })).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
