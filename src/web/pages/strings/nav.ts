import type { Lang } from '../i18n.js';

/** The layout's navigation, one link per page a role works in (nav.ts says which role sees which). */
export const NAV_STRINGS = {
  navMain: { zh: '主导航', en: 'Main navigation' },
  navHome: { zh: '待办事项', en: 'My list' },
  navStartCase: { zh: '发起协商', en: 'Start a case' },
  navBoard: { zh: '指导看板', en: 'Guidance board' },
  navFilings: { zh: '备案收件箱', en: 'Filing inbox' },
  navRegister: { zh: '合同登记簿', en: 'Contract register' },
  navDashboard: { zh: '要约月工作台', en: 'Campaign dashboard' },
  navInstructors: { zh: '指导员', en: 'Instructors' },
  navRoster: { zh: '名册导入', en: 'Roster import' },
  navLedger: { zh: '台账导出', en: 'Ledger export' },
} as const satisfies Record<string, Record<Lang, string>>;
