// The renderer's fonts: TrueType CJK faces read once from the system's collections (Debian packages
// fonts-arphic-uming, fonts-arphic-ukai, fonts-wqy-zenhei; .ci/run installs them) and served to the page
// as per-document subsets at http://renderer.invalid/assets/fonts/<name>.ttf.
//
// Which face: Chromium does not accept these .ttc files in @font-face at all (its sanitizer rejects
// them, see sfnt.ts), so the renderer picks the face itself: the simplified-Chinese one (AR PL UMing CN
// is face 0 of uming.ttc; the HK/TW faces share its outlines and differ in the cmap).
import { readFile } from 'node:fs/promises';
import { TrueTypeFace } from './sfnt.js';

export interface FontSource {
  /** Served at `${ASSET_ORIGIN}/assets/${path}`, e.g. 'fonts/uming.ttf'. */
  path: string;
  file: string;
  /** Face index or family name inside a collection. */
  face: number | string;
  /** The CSS font-family the renderer declares for it in every document (e.g. cb-song). */
  family: string;
}

export const FONT_DIR = process.env.CB_FONT_DIR ?? '/usr/share/fonts/truetype';

/** Song/Ming (body text of letters), Kai (the usual stand-in for FangSong), Hei (headings). */
export const DEFAULT_FONTS: FontSource[] = [
  { path: 'fonts/uming.ttf', file: `${FONT_DIR}/arphic/uming.ttc`, face: 'AR PL UMing CN', family: 'cb-song' },
  { path: 'fonts/ukai.ttf', file: `${FONT_DIR}/arphic/ukai.ttc`, face: 'AR PL UKai CN', family: 'cb-kai' },
  { path: 'fonts/wqy-zenhei.ttf', file: `${FONT_DIR}/wqy/wqy-zenhei.ttc`, face: 'WenQuanYi Zen Hei', family: 'cb-hei' },
];

const faces = new Map<string, Promise<TrueTypeFace>>();

/** Reads a face once per process (faces are immutable; renderers share them). */
export function loadFace(source: FontSource): Promise<TrueTypeFace> {
  const key = `${source.file}#${source.face}`;
  let face = faces.get(key);
  if (!face) {
    face = readFile(source.file).then((file) => new TrueTypeFace(file, source.face));
    face.catch(() => faces.delete(key));
    faces.set(key, face);
  }
  return face;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * Characters every subset carries whatever the document's source says, because the browser can print
 * them without their being in the source: page counters and list markers (digits, cjk-decimal 〇一二…,
 * simp-chinese-informal/formal 十百千 壹贰叁, the 、 after them), generated quotes, ellipses, hyphens.
 * Kept small: every glyph here is sent to the page for every document.
 */
export const BASE_CODE_POINTS: readonly number[] = [
  ...range(0x20, 0x7e),
  0xa0, 0xb7, 0xd7, 0xf7,
  ...range(0x2010, 0x2027),
  ...range(0x3000, 0x3011),
  ...range(0xff01, 0xff20),
  ...[...'〇零一二三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟第页共'].map((c) => c.codePointAt(0)!),
];

const NAMED: Record<string, string> = {
  nbsp: '\u00a0', mdash: '—', ndash: '–', hellip: '…', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', middot: '·', bull: '•',
  times: '×', divide: '÷', deg: '°', plusmn: '±', sect: '§', para: '¶', copy: '©', reg: '®', yen: '¥', laquo: '«', raquo: '»', permil: '‰',
};

/**
 * The code points a document can show: its characters, those written as HTML character references
 * (&#x4E2D; &#20013; &mdash;) and as CSS escapes (content: "\7B2C"). Markup and CSS are counted too:
 * a superset costs a few glyphs, a missing character would fall back to another font.
 */
export function codePointsOf(text: string, into = new Set<number>()): Set<number> {
  for (const ch of text) into.add(ch.codePointAt(0)!);
  if (text.includes('&')) {
    for (const [, dec, hex, name] of text.matchAll(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));/g)) {
      if (dec) into.add(Number(dec));
      else if (hex) into.add(parseInt(hex, 16));
      else if (NAMED[name]) into.add(NAMED[name].codePointAt(0)!);
    }
  }
  if (text.includes('\\')) for (const [, hex] of text.matchAll(/\\([0-9a-fA-F]{1,6})/g)) into.add(parseInt(hex, 16));
  return into;
}

/** `U+4E00-4E05, U+4E10`: a CSS unicode-range naming exactly `codePoints`. */
export function unicodeRange(codePoints: Iterable<number>): string {
  const sorted = [...new Set(codePoints)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    const hex = (c: number) => c.toString(16).toUpperCase();
    parts.push(j > i ? `U+${hex(sorted[i])}-${hex(sorted[j])}` : `U+${hex(sorted[i])}`);
    i = j + 1;
  }
  return parts.join(', ');
}
