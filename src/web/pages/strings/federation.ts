import type { Lang } from '../i18n.js';

/** The federation pages' strings (merged into DICTIONARY by i18n.ts). */
export const FEDERATION_STRINGS = {} as const satisfies Record<string, Record<Lang, string>>;
