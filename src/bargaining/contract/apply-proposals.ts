import type { ContractArticle, ContractDocument, ContractTerms } from './contract-document.js';

/** What a proposal asks for, as applied to a draft. */
export interface ArticleChangeRequest {
  action: 'amend' | 'add' | 'delete';
  articleKey: string;
  chapterNo?: number | null;
  afterKey?: string | null;
  title?: string | null;
  text?: string | null;
  topics?: string[] | null;
  terms?: ContractTerms | null;
}

export class ProposalConflict extends Error {
  constructor(
    readonly field: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

const find = (doc: ContractDocument, key: string) => {
  for (const chapter of doc.chapters) {
    const i = chapter.articles.findIndex((a) => a.key === key);
    if (i >= 0) return { chapter, i };
  }
  return undefined;
};

/** Checks that a change fits the draft (the article exists, or the new key is free and its place exists). */
export function checkChange(doc: ContractDocument, c: ArticleChangeRequest): void {
  const found = find(doc, c.articleKey);
  if (c.action === 'add') {
    if (found) throw new ProposalConflict('articleKey', `条款 ${c.articleKey} 已存在`, `article ${c.articleKey} already exists`);
    const chapter = doc.chapters[(c.chapterNo ?? 0) - 1];
    if (!chapter) throw new ProposalConflict('chapterNo', `第 ${c.chapterNo} 章不存在（共 ${doc.chapters.length} 章）`, `chapter ${c.chapterNo} does not exist (${doc.chapters.length} chapters)`);
    if (c.afterKey && !chapter.articles.some((a) => a.key === c.afterKey)) throw new ProposalConflict('afterKey', `条款 ${c.afterKey} 不在该章`, `article ${c.afterKey} is not in that chapter`);
    if (!c.title || !c.text) throw new ProposalConflict(c.title ? 'text' : 'title', '新增条款须有标题和正文', 'a new article needs a title and a text');
  } else if (!found) {
    throw new ProposalConflict('articleKey', `条款 ${c.articleKey} 不存在`, `article ${c.articleKey} does not exist`);
  } else if (c.action === 'amend' && c.title == null && c.text == null && c.topics == null && c.terms == null) {
    throw new ProposalConflict('text', '修改条款须给出新的标题、正文、议题或条件', 'an amendment needs a new title, text, topics or terms');
  }
}

/** The draft with the changes applied in order; the input is not modified. */
export function applyChanges(doc: ContractDocument, changes: ArticleChangeRequest[]): ContractDocument {
  const next = structuredClone(doc);
  for (const c of changes) {
    checkChange(next, c);
    if (c.action === 'add') {
      const chapter = next.chapters[c.chapterNo! - 1];
      const at = c.afterKey ? chapter.articles.findIndex((a) => a.key === c.afterKey) + 1 : 0;
      const article: ContractArticle = { key: c.articleKey, title: c.title!, text: c.text!, topics: (c.topics ?? []) as ContractArticle['topics'], ...(c.terms ? { terms: c.terms } : {}) };
      chapter.articles.splice(at, 0, article);
      continue;
    }
    const { chapter, i } = find(next, c.articleKey)!;
    if (c.action === 'delete') {
      chapter.articles.splice(i, 1);
      continue;
    }
    const a = chapter.articles[i];
    chapter.articles[i] = {
      ...a,
      ...(c.title != null ? { title: c.title } : {}),
      ...(c.text != null ? { text: c.text } : {}),
      ...(c.topics != null ? { topics: c.topics as ContractArticle['topics'] } : {}),
      // Terms named in the proposal replace the article's; a term set to null is dropped.
      ...(c.terms != null ? { terms: Object.fromEntries(Object.entries({ ...a.terms, ...c.terms }).filter(([, v]) => v !== null && v !== undefined)) } : {}),
    };
  }
  return next;
}
