import type { Lang } from '../i18n.js';

/** The workspace pages' strings (merged into DICTIONARY by i18n.ts). */
export const WORKSPACE_STRINGS = {} as const satisfies Record<string, Record<Lang, string>>;
