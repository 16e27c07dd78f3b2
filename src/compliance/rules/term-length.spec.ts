import { describe, expect, it } from '@jest/globals';
import { article, complianceInput, contract, PARAMS, realTables } from '../testing/compliance-fixtures.js';
import { termLengthRule } from './term-length.js';

const tables = realTables();
const draftTerm = (termStart: string, termEnd: string) =>
  termLengthRule.check(complianceInput({ content: contract([article(['pay']), article(['term'], { termStart, termEnd }, '合同期限')]) }), tables);

describe('term.length (CCP Art 38)', () => {
  it.each([
    ['1 year', '2019-01-01', '2019-12-31'],
    ['3 years', '2019-01-01', '2021-12-31'],
    ['3 years from a leap day', '2020-02-29', '2023-02-28'],
  ])('%s passes (the end date is the last day)', (_name, start, end) => {
    expect(draftTerm(start, end)).toEqual([]);
  });

  it.each([
    ['11 months', '2019-01-01', '2019-11-30'],
    ['1 year less a day', '2019-01-01', '2019-12-30'],
    ['3 years and a day', '2019-01-01', '2022-01-01'],
    ['37 months', '2019-01-01', '2022-01-31'],
    ['ending before it starts', '2019-01-01', '2018-12-31'],
  ])('%s fails', (_name, start, end) => {
    expect(draftTerm(start, end)).toMatchObject([{ id: 'term.length', severity: 'blocking', citation: { article: '第三十八条' }, contractArticle: { no: 2, title: '合同期限' } }]);
  });

  it('reads the limits from the workflow parameters', () => {
    const content = contract([article(['term'], { termStart: '2019-01-01', termEnd: '2023-12-31' })]);
    expect(termLengthRule.check(complianceInput({ content }), tables)).toHaveLength(1);
    expect(termLengthRule.check(complianceInput({ content, params: { ...PARAMS, termMaxYears: 5 } }), tables)).toEqual([]);
  });

  it('checks the signed term when the draft states none, and nothing when neither exists', () => {
    expect(termLengthRule.check(complianceInput({ contextChanges: { term: { start: '2019-01-01', end: '2019-11-30' } } }), tables)).toMatchObject([{ id: 'term.length' }]);
    expect(termLengthRule.check(complianceInput({ contextChanges: { term: { start: '2019-01-01', end: '2019-12-31' } } }), tables)).toEqual([]);
    expect(termLengthRule.check(complianceInput({ content: contract([article(['term'], { termStart: '2019-01-01' })]) }), tables)).toEqual([]);
  });

  it('flags dates that are not dates', () => {
    expect(draftTerm('2019-01-01', '2019-02-30')).toMatchObject([{ id: 'term.length', message_en: expect.stringContaining('not valid dates') }]);
  });
});
