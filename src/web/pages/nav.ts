import type { Role } from '../../accounts/entities/user.entity.js';
import type { MessageKey } from './i18n.js';

export interface NavItem {
  href: string;
  key: MessageKey;
}

const HOME: NavItem = { href: '/', key: 'navHome' };

/** The pages each role works in, in the layout's navigation (the home first). */
export const NAV: Record<Role, NavItem[]> = {
  union: [HOME, { href: '/cases/new', key: 'navStartCase' }],
  employer: [HOME],
  instructor: [HOME, { href: '/board', key: 'navBoard' }],
  bureau: [HOME, { href: '/filings', key: 'navFilings' }, { href: '/register', key: 'navRegister' }],
  federation: [HOME, { href: '/dashboard', key: 'navDashboard' }, { href: '/instructors', key: 'navInstructors' }, { href: '/roster', key: 'navRoster' }, { href: '/ledger', key: 'navLedger' }, { href: '/register', key: 'navRegister' }],
  admin: [HOME, { href: '/dashboard', key: 'navDashboard' }, { href: '/instructors', key: 'navInstructors' }, { href: '/roster', key: 'navRoster' }, { href: '/ledger', key: 'navLedger' }, { href: '/register', key: 'navRegister' }],
};

/** The navigation for a role, the link of the page shown (or the section it is in) marked current. */
export function navFor(role: Role, path: string): (NavItem & { current: boolean })[] {
  const items = NAV[role];
  const best = items.filter((i) => path === i.href || (i.href !== '/' && path.startsWith(`${i.href}/`))).sort((a, b) => b.href.length - a.href.length)[0];
  return items.map((i) => ({ ...i, current: i === best }));
}
