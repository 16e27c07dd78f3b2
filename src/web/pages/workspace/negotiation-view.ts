import type { DraftView } from '../../../bargaining/drafts/drafts.service.js';
import type { ArticleChange, ArticleRedline, Redline, TextOp } from '../../../bargaining/contract/redline.js';
import { articleLabel, chapterLabel, type ContractTerms } from '../../../bargaining/contract/contract-document.js';
import type { CaseProposal } from '../../../bargaining/entities/case-proposal.entity.js';
import type { Bilingual } from '../../../common/errors/domain-error.js';
import type { Side } from '../../../workflow-engine/machine/case-context.js';

// What the negotiation page shows of the API's answers: labels in both languages, the redline as runs the
// template marks up with <ins>/<del> and words (never colour alone).

export const SIDE_LABELS: Record<Side, Bilingual> = { employee: { zh: '职工方', en: 'Employee side' }, employer: { zh: '用人单位方', en: 'Employer side' } };

export const ACTION_LABELS: Record<CaseProposal['action'], Bilingual> = {
  amend: { zh: '修改条款', en: 'Amend an article' },
  add: { zh: '新增条款', en: 'Add an article' },
  delete: { zh: '删除条款', en: 'Delete an article' },
};

export const STATUS_LABELS: Record<string, Bilingual> = {
  open: { zh: '待对方答复', en: 'Open' },
  countered: { zh: '已提反方案', en: 'Countered' },
  agreed: { zh: '已同意（待会议记录签署后纳入草案）', en: 'Agreed (goes into the draft when the minutes are signed)' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  applied: { zh: '已纳入草案', en: 'In the draft' },
  lapsed: { zh: '已失效', en: 'Lapsed' },
};

export const CHANGE_LABELS: Record<ArticleChange, Bilingual> = {
  unchanged: { zh: '未修改', en: 'Unchanged' },
  changed: { zh: '修改', en: 'Changed' },
  added: { zh: '新增', en: 'Added' },
  deleted: { zh: '删除', en: 'Deleted' },
  moved: { zh: '移动', en: 'Moved' },
  moved_changed: { zh: '移动并修改', en: 'Moved and changed' },
};

export const TERM_LABELS: Record<keyof ContractTerms, Bilingual> = {
  lowestMonthlyWage: { zh: '月最低工资（元）', en: 'Lowest monthly wage (yuan)' },
  wageIncreasePercent: { zh: '工资增长幅度（%）', en: 'Wage increase (%)' },
  standardHoursPerDay: { zh: '每日标准工时（小时）', en: 'Standard hours a day' },
  standardHoursPerWeek: { zh: '每周标准工时（小时）', en: 'Standard hours a week' },
  overtimeHoursPerDayMax: { zh: '每日加班上限（小时）', en: 'Overtime a day, at most (hours)' },
  overtimeHoursPerMonthMax: { zh: '每月加班上限（小时）', en: 'Overtime a month, at most (hours)' },
  overtimePayWorkdayPercent: { zh: '工作日加班工资（%）', en: 'Overtime pay, workdays (%)' },
  overtimePayRestDayPercent: { zh: '休息日加班工资（%）', en: 'Overtime pay, rest days (%)' },
  overtimePayHolidayPercent: { zh: '法定休假日加班工资（%）', en: 'Overtime pay, public holidays (%)' },
  annualLeaveDays: { zh: '带薪年休假（天）', en: 'Paid annual leave (days)' },
  maternityLeaveDays: { zh: '产假（天）', en: 'Maternity leave (days)' },
  termStart: { zh: '合同期限起始（日期）', en: 'Term start (date)' },
  termEnd: { zh: '合同期限终止（日期）', en: 'Term end (date)' },
};
export const DATE_TERMS = new Set(['termStart', 'termEnd']);

export interface Run {
  text: string;
  insert: boolean;
  delete: boolean;
}

const runs = (ops: TextOp[]): Run[] => ops.map((o) => ({ text: o.text, insert: o.op === 'insert', delete: o.op === 'delete' }));

/** The redline's articles as the template shows them: the changed ones (unchanged ones counted only). */
export function redlineView(r: Redline) {
  const shown = r.articles.filter((a) => a.change !== 'unchanged');
  return {
    from: r.from.label,
    to: r.to.label,
    summary: r.summary,
    articles: shown.map((a: ArticleRedline) => ({
      key: a.key,
      change: a.change,
      changeLabel: CHANGE_LABELS[a.change],
      fromLabel: a.from ? `${a.from.label}（${a.from.chapterTitle}）` : '',
      toLabel: a.to ? `${a.to.label}（${a.to.chapterTitle}）` : '',
      movedOrAdded: a.change === 'moved' || a.change === 'moved_changed',
      title: runs(a.title),
      text: runs(a.text),
      terms: a.terms.map((t) => ({ label: TERM_LABELS[t.name as keyof ContractTerms] ?? { zh: t.name, en: t.name }, from: t.from ?? '—', to: t.to ?? '—' })),
    })),
  };
}

/** The draft by chapter and article, each article with its proposals (and the forms on them the caller may use). */
export function draftWithProposals(draft: DraftView, proposals: CaseProposal[], decorate: (p: CaseProposal) => Record<string, unknown>) {
  const byArticle = new Map<string, CaseProposal[]>();
  for (const p of proposals) byArticle.set(p.articleKey, [...(byArticle.get(p.articleKey) ?? []), p]);
  const known = new Set(draft.chapters.flatMap((c) => c.articles.map((a) => a.key)));
  const show = (p: CaseProposal) => ({ ...p, sideLabel: SIDE_LABELS[p.side], actionLabel: ACTION_LABELS[p.action], statusLabel: STATUS_LABELS[p.status] ?? { zh: p.status, en: p.status }, ...decorate(p) });
  return {
    chapters: draft.chapters.map((c) => ({
      no: c.no,
      label: chapterLabel(c.no),
      title: c.title,
      articles: c.articles.map((a) => ({ key: a.key, no: a.no, label: articleLabel(a.no), title: a.title, text: a.text, proposals: (byArticle.get(a.key) ?? []).map(show) })),
    })),
    // Proposals for articles not (yet) in the draft: new articles being proposed.
    newArticles: proposals.filter((p) => !known.has(p.articleKey)).map(show),
  };
}
