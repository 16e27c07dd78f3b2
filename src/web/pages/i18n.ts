import type { Role } from '../../accounts/entities/user.entity.js';
import { CASE_STRINGS } from './strings/case.js';
import { FEDERATION_STRINGS } from './strings/federation.js';
import { FILING_STRINGS } from './strings/filings.js';
import { NAV_STRINGS } from './strings/nav.js';
import { WORKSPACE_STRINGS } from './strings/workspace.js';

/** The pages' languages: Chinese first; `?lang=en` switches (kept in the `lang` cookie). */
export type Lang = 'zh' | 'en';
export const LANG_COOKIE = 'lang';

/** The strings of the shared pages (layout, sign-in, home, errors), in both languages. */
const CORE_STRINGS = {
  service: { zh: '集体协商工作平台', en: 'Collective bargaining' },
  skip: { zh: '跳到主要内容', en: 'Skip to main content' },
  switchLang: { zh: 'English', en: '中文' },
  switchLangLabel: { zh: 'Switch to English', en: '切换到中文' },
  signIn: { zh: '登录', en: 'Sign in' },
  signInIntro: { zh: '请用您的账号登录。', en: 'Sign in with your account.' },
  signOut: { zh: '退出登录', en: 'Sign out' },
  username: { zh: '用户名', en: 'Username' },
  password: { zh: '密码', en: 'Password' },
  badCredentials: { zh: '用户名或密码错误，请重试。', en: 'Wrong username or password; please try again.' },
  signedInAs: { zh: '当前用户', en: 'Signed in as' },
  homeTitle: { zh: '待办事项', en: 'What waits on me' },
  homeIntro: { zh: '您可查看的案件，按最近的期限排列。', en: 'Your cases, nearest deadline first.' },
  empty: { zh: '暂无案件。', en: 'No cases.' },
  colCase: { zh: '案件', en: 'Case' },
  colState: { zh: '状态', en: 'State' },
  colActions: { zh: '您现在可以', en: 'You may now' },
  colDeadline: { zh: '下一期限', en: 'Next deadline' },
  noActions: { zh: '无需您操作', en: 'Nothing for you' },
  noDeadline: { zh: '无期限', en: 'No deadline' },
  overdue: { zh: '已逾期', en: 'Overdue' },
  dueToday: { zh: '今天到期', en: 'due today' },
  startCase: { zh: '发起集体协商', en: 'Start a case' },
  dashboard: { zh: '集中要约月工作台', en: 'Campaign dashboard' },
  groupAwaitingAnswer: { zh: '待您应约的要约', en: 'Offers awaiting your answer' },
  groupUnderReview: { zh: '审查中的备案（按审查期限）', en: 'Filings under review (by review deadline)' },
  groupOther: { zh: '其他案件', en: 'Other cases' },
  groupAll: { zh: '案件', en: 'Cases' },
  caseParties: { zh: '当事方', en: 'Parties' },
  caseUnion: { zh: '工会', en: 'Union' },
  caseEmployer: { zh: '企业方', en: 'Employer' },
  caseDeadlines: { zh: '期限', en: 'Deadlines' },
  caseAllowed: { zh: '您现在可以发送的事件', en: 'Events you may send now' },
  caseHistory: { zh: '办理记录', en: 'History' },
  caseNoHistory: { zh: '暂无记录。', en: 'No events yet.' },
  caseVersion: { zh: '案件版本', en: 'Case version' },
  sentOk: { zh: '已记录：', en: 'Recorded: ' },
  sendEvent: { zh: '提交：', en: 'Submit: ' },
  choose: { zh: '请选择', en: 'Choose' },
  formFailed: { zh: '未能提交，未记录任何内容。请按下方提示修改后重试。', en: 'Not submitted; nothing was recorded. Correct what is marked below and try again.' },
  jsonNote: { zh: '本事件暂以 JSON 填写（已用示例数据预填）。', en: 'This event is entered as JSON for now (prefilled with sample data).' },
  back: { zh: '返回待办事项', en: 'Back to my list' },
  forbiddenTitle: { zh: '请求被拒绝', en: 'Request refused' },
  csrfDetail: { zh: '表单已失效或来源不明（缺少或错误的防伪令牌），未执行任何操作。请返回重新提交。', en: 'The form has expired or did not come from this site (missing or wrong CSRF token); nothing was done. Go back and submit it again.' },
  errorTitle: { zh: '出错了', en: 'Something went wrong' },
  notFoundTitle: { zh: '页面不存在', en: 'Not found' },
} as const satisfies Record<string, Record<Lang, string>>;

/**
 * The strings of the pages, in both languages (the case data brings its own {zh, en} labels): the core
 * ones and each area's (strings/<area>.ts), one key space; a key defined twice fails the type check.
 */
export const DICTIONARY = { ...CORE_STRINGS, ...NAV_STRINGS, ...CASE_STRINGS, ...WORKSPACE_STRINGS, ...FILING_STRINGS, ...FEDERATION_STRINGS };

export type MessageKey = keyof typeof DICTIONARY;

export const ROLE_LABELS: Record<Role, Record<Lang, string>> = {
  union: { zh: '工会', en: 'Union' },
  employer: { zh: '企业', en: 'Employer' },
  instructor: { zh: '指导员', en: 'Instructor' },
  bureau: { zh: '人社部门', en: 'Labour bureau' },
  federation: { zh: '总工会', en: 'Federation of trade unions' },
  admin: { zh: '管理员', en: 'Administrator' },
};

/** "剩 3 天" / "3 days left", "今天到期", "逾期 2 天" / "2 days overdue". */
export function daysText(lang: Lang, days: number): string {
  if (days === 0) return DICTIONARY.dueToday[lang];
  if (days > 0) return lang === 'zh' ? `剩 ${days} 天` : `${days} day${days === 1 ? '' : 's'} left`;
  const n = -days;
  return lang === 'zh' ? `逾期 ${n} 天` : `${n} day${n === 1 ? '' : 's'} overdue`;
}
