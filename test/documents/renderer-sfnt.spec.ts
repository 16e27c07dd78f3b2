import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { BASE_CODE_POINTS, codePointsOf, DEFAULT_FONTS, FontFormatError, listFaces, TrueTypeFace } from '../../src/documents/renderer/index.js';

// The font side of the renderer, without a browser: faces read out of the system's .ttc collections and
// cut into per-document subsets (Chromium prints the subsets as embedded CID TrueType fonts: renderer.spec.ts).

const uming = DEFAULT_FONTS.find((f) => f.path === 'fonts/uming.ttf')!;
const zenhei = DEFAULT_FONTS.find((f) => f.path === 'fonts/wqy-zenhei.ttf')!;
const cp = (text: string) => [...text].map((c) => c.codePointAt(0)!);

/** Table checksums and head.checkSumAdjustment as the OpenType spec defines them. */
function checksumsValid(font: Buffer): boolean {
  const sum = (b: Buffer) => {
    let s = 0;
    const padded = Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
    for (let i = 0; i < padded.length; i += 4) s = (s + padded.readUInt32BE(i)) >>> 0;
    return s;
  };
  const n = font.readUInt16BE(4);
  for (let i = 0; i < n; i++) {
    const r = 12 + 16 * i;
    const tag = font.toString('latin1', r, r + 4);
    const offset = font.readUInt32BE(r + 8);
    if (offset % 4) return false;
    const table = Buffer.from(font.subarray(offset, offset + font.readUInt32BE(r + 12)));
    if (tag === 'head') table.writeUInt32BE(0, 8);
    if (sum(table) !== font.readUInt32BE(r + 4)) return false;
  }
  return sum(font) === 0xb1b0afba;
}

describe('TrueType faces and subsets', () => {
  it('lists the faces of the collections: the simplified-Chinese face comes first', () => {
    expect(listFaces(readFileSync(uming.file)).map((f) => f.family)).toEqual(['AR PL UMing CN', 'AR PL UMing HK', 'AR PL UMing TW', 'AR PL UMing TW MBE']);
    expect(listFaces(readFileSync(zenhei.file))[0].family).toBe('WenQuanYi Zen Hei');
  });

  it('cuts a subset with the asked characters only, renumbered, with valid checksums', () => {
    const face = TrueTypeFace.fromFile(uming.file, uming.face);
    expect(face.family).toBe('AR PL UMing CN');
    expect(face.numGlyphs).toBeGreaterThan(20_000);
    const text = '集体合同第一章总则，（甲方）ABC123';
    const subset = face.subset(cp(text));
    expect(subset.length).toBeLessThan(300_000); // the face is 17 MB of outlines
    expect(checksumsValid(subset)).toBe(true);
    const again = new TrueTypeFace(subset);
    expect(again.family).toBe('AR PL UMing CN');
    for (const c of cp(text)) expect(again.has(c)).toBe(true);
    expect(again.has('劳'.codePointAt(0)!)).toBe(false); // absent from the cmap: the browser falls back, never prints an empty glyph
    expect(again.numGlyphs).toBe(new Set(cp(text)).size + 1); // + .notdef
    // Tables the subset keeps and drops.
    const tags = Array.from({ length: subset.readUInt16BE(4) }, (_, i) => subset.toString('latin1', 12 + 16 * i, 16 + 16 * i));
    expect(tags).toEqual(expect.arrayContaining(['cmap', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'name', 'OS/2', 'post']));
    for (const dropped of ['EBDT', 'EBLC', 'FFTM', 'GSUB', 'GPOS', 'BDF ']) expect(tags).not.toContain(dropped);
  });

  it('keeps the components of composite glyphs (UMing builds À and i from parts)', () => {
    const face = TrueTypeFace.fromFile(uming.file, uming.face);
    const subset = new TrueTypeFace(face.subset(cp('À')));
    expect(subset.numGlyphs).toBe(4); // .notdef, À and its two components
    expect(subset.has('À'.codePointAt(0)!)).toBe(true);
    expect(subset.has('A'.codePointAt(0)!)).toBe(false); // a component is a glyph, not a character
  });

  it('writes a whole face as a standalone TrueType font', () => {
    const face = TrueTypeFace.fromFile(zenhei.file, zenhei.face);
    const all = face.full();
    expect(checksumsValid(all)).toBe(true);
    const whole = new TrueTypeFace(all);
    expect(whole.numGlyphs).toBeLessThanOrEqual(face.numGlyphs);
    expect(whole.has('集'.codePointAt(0)!)).toBe(true);
  });

  it('refuses what is not a TrueType face', () => {
    expect(() => new TrueTypeFace(readFileSync(uming.file), 'No Such Face')).toThrow(FontFormatError);
    expect(() => new TrueTypeFace(readFileSync(uming.file), 9)).toThrow(FontFormatError);
    expect(() => new TrueTypeFace(Buffer.from('OTTO\0\0\0\0\0\0\0\0'))).toThrow(/CFF/);
  });

  it('collects the characters a document can show: text, character references, CSS escapes, the base set', () => {
    const points = codePointsOf('<p>中&#x6587;&#23383;&mdash;</p><style>p::after{content:"\\7B2C"}</style>');
    for (const c of '中文字—第') expect(points.has(c.codePointAt(0)!)).toBe(true);
    for (const c of '0123456789〇一二三四五六七八九十、第页共“”…') expect(BASE_CODE_POINTS).toContain(c.codePointAt(0)!);
  });
});
