// The contract as structured data: chapters of articles (条款), each with its text and, where a rule
// can check it, structured terms. Articles keep a stable `key` across versions, so that a redline can
// tell a moved article from a deleted and an added one; their numbers (第N条) come from their position.

/** The content items of CCP Art 8; special contracts cover their own subject (LCL Art 52). */
export const ART8_TOPICS = [
  'pay', // 劳动报酬
  'hours', // 工作时间
  'rest_leave', // 休息休假
  'safety_health', // 劳动安全与卫生
  'insurance_welfare', // 补充保险和福利
  'women_minors', // 女职工和未成年工特殊保护
  'training', // 职业技能培训
  'labour_contracts', // 劳动合同管理
  'rewards_penalties', // 奖惩
  'layoffs', // 裁员
  'term', // 集体合同期限
  'change_procedure', // 变更、解除集体合同的程序
  'disputes', // 履行集体合同发生争议时的协商处理办法
  'liability', // 违反集体合同的责任
  'other', // 双方认为应当协商的其他内容
] as const;
export type Art8Topic = (typeof ART8_TOPICS)[number];

export const ART8_TOPIC_TITLES: Record<Art8Topic, string> = {
  pay: '劳动报酬',
  hours: '工作时间',
  rest_leave: '休息休假',
  safety_health: '劳动安全与卫生',
  insurance_welfare: '补充保险和福利',
  women_minors: '女职工和未成年工特殊保护',
  training: '职业技能培训',
  labour_contracts: '劳动合同管理',
  rewards_penalties: '奖惩',
  layoffs: '裁员',
  term: '集体合同期限',
  change_procedure: '变更、解除集体合同的程序',
  disputes: '履行集体合同发生争议时的协商处理办法',
  liability: '违反集体合同的责任',
  other: '双方认为应当协商的其他内容',
};

/** Terms a rule can check. Money in yuan per month, rates in percent of normal pay, dates ISO. */
export interface ContractTerms {
  lowestMonthlyWage?: number;
  wageIncreasePercent?: number;
  standardHoursPerDay?: number;
  standardHoursPerWeek?: number;
  overtimeHoursPerDayMax?: number;
  overtimeHoursPerMonthMax?: number;
  overtimePayWorkdayPercent?: number;
  overtimePayRestDayPercent?: number;
  overtimePayHolidayPercent?: number;
  annualLeaveDays?: number;
  maternityLeaveDays?: number;
  termStart?: string;
  termEnd?: string;
}

export interface ContractArticle {
  key: string;
  title: string;
  text: string;
  topics: Art8Topic[];
  terms?: ContractTerms;
}

export interface ContractChapter {
  title: string;
  articles: ContractArticle[];
}

export interface ContractDocument {
  chapters: ContractChapter[];
}

/** An article with its place in the document: 第N条 counts through the chapters. */
export interface PlacedArticle extends ContractArticle {
  no: number;
  chapterNo: number;
  chapterTitle: string;
}

export function placeArticles(doc: ContractDocument): PlacedArticle[] {
  let no = 0;
  return doc.chapters.flatMap((chapter, i) => chapter.articles.map((a) => ({ ...a, no: ++no, chapterNo: i + 1, chapterTitle: chapter.title })));
}

/** The terms of the whole document, article by article (a term given twice is a finding of its own). */
export function termsOf(doc: ContractDocument): { article: PlacedArticle; name: keyof ContractTerms; value: number | string }[] {
  return placeArticles(doc).flatMap((article) =>
    Object.entries(article.terms ?? {})
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([name, value]) => ({ article, name: name as keyof ContractTerms, value: value as number | string })),
  );
}

const DIGITS = '零一二三四五六七八九';

/** 1 → 一, 12 → 十二, 20 → 二十, 105 → 一百零五 (article and chapter numbers). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) return String(n);
  if (n < 10) return DIGITS[n];
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  const units = ['', '十', '百', '千'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i];
    if (d === 0) zero = out !== '';
    else {
      out += (zero ? '零' : '') + DIGITS[d] + unit;
      zero = false;
    }
  });
  return out;
}

export const articleLabel = (no: number) => `第${chineseNumber(no)}条`;
export const chapterLabel = (no: number) => `第${chineseNumber(no)}章`;
