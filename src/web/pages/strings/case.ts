import type { Lang } from '../i18n.js';

/** The case pages' strings (merged into DICTIONARY by i18n.ts). */
export const CASE_STRINGS = {} as const satisfies Record<string, Record<Lang, string>>;
