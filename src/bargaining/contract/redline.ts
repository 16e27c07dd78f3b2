// Redline (修订对照) between two versions of a contract: which articles were added, deleted, changed or
// moved, with a character diff of their titles and texts. Pure functions; the HTML is a fragment that a
// page or the PDF renderer embeds.
import { diffChars } from 'diff';
import { articleLabel, chapterLabel, placeArticles, type ContractDocument, type ContractTerms, type PlacedArticle } from './contract-document.js';

export type ArticleChange = 'unchanged' | 'changed' | 'added' | 'deleted' | 'moved' | 'moved_changed';
export interface TextOp {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}
export interface ArticlePlace {
  no: number;
  label: string;
  chapterNo: number;
  chapterTitle: string;
  title: string;
}
export interface TermChange {
  name: string;
  from?: number | string;
  to?: number | string;
}
export interface ArticleRedline {
  key: string;
  change: ArticleChange;
  from?: ArticlePlace; // absent when added
  to?: ArticlePlace; // absent when deleted
  title: TextOp[];
  text: TextOp[];
  terms: TermChange[];
}
export interface Redline {
  from: { label: string };
  to: { label: string };
  /** `moved` counts moved_changed too, so the counts add up to the number of articles. */
  summary: { added: number; deleted: number; changed: number; moved: number; unchanged: number };
  articles: ArticleRedline[];
}

/**
 * Equal runs this short between two changes are folded into the change: '1800' → '2000' reads as one
 * replacement rather than as 18→2, 00, +0.
 */
const FOLD_EQUAL_MAX = 2;

/** Character diff as ops; equal+delete rebuilds the old text, equal+insert the new one. */
export function diffText(oldText: string, newText: string): TextOp[] {
  const raw: TextOp[] = diffChars(oldText, newText)
    .filter((c) => c.value !== '')
    .map((c) => ({ op: c.added ? 'insert' : c.removed ? 'delete' : 'equal', text: c.value }));
  const out: TextOp[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del) out.push({ op: 'delete', text: del });
    if (ins) out.push({ op: 'insert', text: ins });
    del = ins = '';
  };
  raw.forEach((o, i) => {
    if (o.op === 'delete') del += o.text;
    else if (o.op === 'insert') ins += o.text;
    else if ((del || ins) && raw[i + 1] && [...o.text].length <= FOLD_EQUAL_MAX) {
      // Between two changes (diffChars never yields two equal runs in a row). The equal text belongs to
      // both sides, so adding it to both keeps the reconstruction exact.
      del += o.text;
      ins += o.text;
    } else {
      flush();
      out.push(o);
    }
  });
  flush();
  return out;
}

function termChanges(from: ContractTerms = {}, to: ContractTerms = {}): TermChange[] {
  const names = [...new Set([...Object.keys(from), ...Object.keys(to)])] as (keyof ContractTerms)[];
  return names
    .filter((name) => from[name] !== to[name])
    .map((name) => ({ name, ...(from[name] !== undefined && { from: from[name] }), ...(to[name] !== undefined && { to: to[name] }) }));
}

const place = (a: PlacedArticle): ArticlePlace => ({ no: a.no, label: articleLabel(a.no), chapterNo: a.chapterNo, chapterTitle: a.chapterTitle, title: a.title });

/** Indexes (into `seq`) of one longest strictly increasing subsequence, O(n log n). */
function longestIncreasing(seq: number[]): Set<number> {
  const tails: number[] = []; // tails[k]: index of the smallest tail of an increasing run of length k+1
  const prev: number[] = [];
  seq.forEach((v, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]] < v) lo = mid + 1;
      else hi = mid;
    }
    prev[i] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = i;
  });
  const keep = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) keep.add(i);
  return keep;
}

/**
 * Old chapter number → new chapter number. Chapters have no key: a chapter is the one with the same title,
 * or, if renamed, the retitled chapter that received most of its articles (so inserting a chapter is no move).
 */
function chapterMap(from: ContractDocument, to: ContractDocument, newChapterOf: Map<string, number>): Map<number, number> {
  const newByTitle = new Map(to.chapters.map((c, i) => [c.title, i + 1]));
  const oldTitles = new Set(from.chapters.map((c) => c.title));
  const map = new Map<number, number>();
  from.chapters.forEach((chapter, i) => {
    const votes = new Map<number, number>();
    for (const { key } of chapter.articles) {
      const n = newChapterOf.get(key);
      if (n && !oldTitles.has(to.chapters[n - 1].title)) votes.set(n, (votes.get(n) ?? 0) + 1);
    }
    const renamedTo = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];
    const n = newByTitle.get(chapter.title) ?? renamedTo;
    if (n) map.set(i + 1, n);
  });
  return map;
}

export function redline(from: ContractDocument, to: ContractDocument, labels: { from: string; to: string }): Redline {
  const oldArticles = placeArticles(from);
  const newArticles = placeArticles(to);
  const oldByKey = new Map(oldArticles.map((a, i) => [a.key, { a, i }]));
  const newKeys = new Set(newArticles.map((a) => a.key));

  // Renumbering alone is not a move: only articles outside the longest run that kept its order moved.
  const matched = newArticles.filter((a) => oldByKey.has(a.key));
  const inOrder = longestIncreasing(matched.map((a) => oldByKey.get(a.key)!.i));
  const keptOrder = new Set(matched.filter((_, i) => inOrder.has(i)).map((a) => a.key));

  const chapters = chapterMap(from, to, new Map(newArticles.map((a) => [a.key, a.chapterNo])));
  const sameChapter = (o: PlacedArticle, n: PlacedArticle) => chapters.get(o.chapterNo) === n.chapterNo;

  const compare = (o: PlacedArticle | undefined, n: PlacedArticle | undefined): ArticleRedline => {
    const title = diffText(o?.title ?? '', n?.title ?? '');
    const text = diffText(o?.text ?? '', n?.text ?? '');
    const terms = termChanges(o?.terms, n?.terms);
    let change: ArticleChange;
    if (!o) change = 'added';
    else if (!n) change = 'deleted';
    else {
      const edited = o.title !== n.title || o.text !== n.text || terms.length > 0;
      const moved = !keptOrder.has(n.key) || !sameChapter(o, n);
      change = moved ? (edited ? 'moved_changed' : 'moved') : edited ? 'changed' : 'unchanged';
    }
    return { key: (n ?? o)!.key, change, ...(o && { from: place(o) }), ...(n && { to: place(n) }), title, text, terms };
  };

  // Deleted articles follow their previous neighbour in the old document (chains of deletions stay together).
  const deletedAfter = new Map<string | undefined, PlacedArticle[]>();
  let anchor: string | undefined;
  for (const a of oldArticles) {
    if (newKeys.has(a.key)) anchor = a.key;
    else deletedAfter.set(anchor, [...(deletedAfter.get(anchor) ?? []), a]);
  }
  const deleted = (after: string | undefined) => (deletedAfter.get(after) ?? []).map((o) => compare(o, undefined));

  const articles = [...deleted(undefined), ...newArticles.flatMap((n) => [compare(oldByKey.get(n.key)?.a, n), ...deleted(n.key)])];
  const count = (...changes: ArticleChange[]) => articles.filter((a) => changes.includes(a.change)).length;
  return {
    from: { label: labels.from },
    to: { label: labels.to },
    summary: { added: count('added'), deleted: count('deleted'), changed: count('changed'), moved: count('moved', 'moved_changed'), unchanged: count('unchanged') },
    articles,
  };
}

// ---- HTML ----

const CHANGE_LABELS: Record<ArticleChange, string> = {
  unchanged: '未修改',
  changed: '修改',
  added: '新增',
  deleted: '删除',
  moved: '移动',
  moved_changed: '移动并修改',
};

const TERM_TITLES: Record<keyof ContractTerms, string> = {
  lowestMonthlyWage: '最低月工资（元）',
  wageIncreasePercent: '工资增长幅度（%）',
  standardHoursPerDay: '每日标准工时',
  standardHoursPerWeek: '每周标准工时',
  overtimeHoursPerDayMax: '每日加班上限（小时）',
  overtimeHoursPerMonthMax: '每月加班上限（小时）',
  overtimePayWorkdayPercent: '工作日加班工资（%）',
  overtimePayRestDayPercent: '休息日加班工资（%）',
  overtimePayHolidayPercent: '法定节假日加班工资（%）',
  annualLeaveDays: '年休假（天）',
  maternityLeaveDays: '产假（天）',
  termStart: '合同期限起始',
  termEnd: '合同期限终止',
};

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

function opsHtml(ops: TextOp[]): string {
  return ops
    .map(({ op, text }) => {
      const html = escapeHtml(text).replace(/\n/g, '<br>');
      return op === 'insert' ? `<ins>${html}</ins>` : op === 'delete' ? `<del>${html}</del>` : html;
    })
    .join('');
}

function placeLabel(a: ArticleRedline): string {
  const { from, to } = a;
  const at = (p: ArticlePlace, withChapter: boolean) => (withChapter ? `${p.label}（${chapterLabel(p.chapterNo)} ${p.chapterTitle}）` : p.label);
  if (!from || !to) return at((from ?? to)!, false);
  const chapterMoved = (a.change === 'moved' || a.change === 'moved_changed') && from.chapterTitle !== to.chapterTitle;
  return from.no === to.no && !chapterMoved ? to.label : `${at(from, chapterMoved)} → ${at(to, chapterMoved)}`;
}

function articleHtml(a: ArticleRedline): string {
  const terms = a.terms.length
    ? `<table class="redline-terms"><thead><tr><th>条款项</th><th>原</th><th>新</th></tr></thead><tbody>${a.terms
        .map((t) => `<tr><td>${escapeHtml(TERM_TITLES[t.name as keyof ContractTerms] ?? t.name)}</td><td>${escapeHtml(t.from)}</td><td>${escapeHtml(t.to)}</td></tr>`)
        .join('')}</tbody></table>`
    : '';
  return (
    `<article class="redline-article redline-${a.change}" data-key="${escapeHtml(a.key)}">` +
    `<h3><span class="redline-label">${escapeHtml(placeLabel(a))}</span> <span class="redline-badge">${CHANGE_LABELS[a.change]}</span> ` +
    `<span class="redline-title">${opsHtml(a.title)}</span></h3>` +
    `<p class="redline-text">${opsHtml(a.text)}</p>${terms}</article>`
  );
}

export function redlineHtml(r: Redline, options: { includeUnchanged?: boolean } = {}): string {
  const { added, deleted, changed, moved } = r.summary;
  const articles = r.articles.filter((a) => options.includeUnchanged || a.change !== 'unchanged');
  return (
    `<section class="redline">` +
    `<h2 class="redline-versions">${escapeHtml(r.from.label)} → ${escapeHtml(r.to.label)}</h2>` +
    `<p class="redline-summary">新增 ${added} 条，删除 ${deleted} 条，修改 ${changed} 条，移动 ${moved} 条</p>` +
    articles.map(articleHtml).join('\n') +
    `</section>`
  );
}
