import type { Lang } from '../i18n.js';

/** The filings pages' strings (merged into DICTIONARY by i18n.ts). */
export const FILING_STRINGS = {} as const satisfies Record<string, Record<Lang, string>>;
