// TrueType (glyf) fonts for the renderer: reads one face out of a TrueType Collection (.ttc) and cuts
// per-document subsets of it.
//
// Why not hand Chromium the .ttc: its font sanitizer (OTS) rejects the collections Debian installs
// ("OTS parsing error: EBDT: misaligned table" for AR PL UMing/UKai, "FFTM: misaligned table" for
// WenQuanYi Zen Hei), and the page silently falls back to whatever fontconfig finds: a different font
// on every machine, and bitmap strikes that Chromium prints as Type 3 glyphs. Why subset: a 17 MB face
// sent to the page for every document costs seconds, and Chromium's PDF backend spends ~0.7 s per
// document walking a face of 27,000 glyphs even when the page uses 450 of them.
//
// A subset keeps the outlines of the code points asked for (plus the glyphs their composites use),
// renumbers the glyphs densely, and writes: glyf, loca (long), hmtx, vhea/vmtx when present, a new
// cmap (formats 4 and 12), post 3.0 (no glyph names), maxp/hhea/head patched, name/OS/2/gasp and the
// hinting tables as they are. GSUB/GPOS/GDEF/kern are dropped: they name glyph ids of the full face,
// and horizontal Chinese text uses none of them (no ligatures; proportional kerning of Latin is lost).
// Code points outside the subset are absent from its cmap, so the browser falls back instead of
// printing an empty glyph.
import { readFileSync } from 'node:fs';

const KEEP = ['OS/2', 'cmap', 'cvt ', 'fpgm', 'gasp', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'name', 'post', 'prep', 'vhea', 'vmtx'];

export class FontFormatError extends Error {}

interface TableRecord {
  tag: string;
  offset: number;
  length: number;
}

/** The faces of a .ttc (or the single face of a .ttf): index and family name (name id 1, English). */
export function listFaces(file: Buffer): { index: number; family: string; subfamily: string }[] {
  const count = file.toString('latin1', 0, 4) === 'ttcf' ? file.readUInt32BE(8) : 1;
  return Array.from({ length: count }, (_, index) => {
    const tables = tableDirectory(file, index);
    const name = tables.get('name');
    return { index, family: name ? nameString(file.subarray(name.offset, name.offset + name.length), 1) : '', subfamily: name ? nameString(file.subarray(name.offset, name.offset + name.length), 2) : '' };
  });
}

function tableDirectory(file: Buffer, face: number): Map<string, TableRecord> {
  let start = 0;
  if (file.toString('latin1', 0, 4) === 'ttcf') {
    const count = file.readUInt32BE(8);
    if (face < 0 || face >= count) throw new FontFormatError(`face ${face} out of range: the collection has ${count} faces`);
    start = file.readUInt32BE(12 + 4 * face);
  } else if (face !== 0) {
    throw new FontFormatError(`face ${face} asked of a single-face font`);
  }
  const version = file.readUInt32BE(start);
  if (version !== 0x00010000 && version !== 0x74727565) throw new FontFormatError('not a TrueType (glyf) font: CFF fonts are printed as Type 3 by Chromium');
  const count = file.readUInt16BE(start + 4);
  const tables = new Map<string, TableRecord>();
  for (let i = 0; i < count; i++) {
    const r = start + 12 + 16 * i;
    tables.set(file.toString('latin1', r, r + 4), { tag: file.toString('latin1', r, r + 4), offset: file.readUInt32BE(r + 8), length: file.readUInt32BE(r + 12) });
  }
  return tables;
}

/** A name-table string: Windows Unicode English (3,1,0x409) preferred, else Mac Roman. */
function nameString(name: Buffer, id: number): string {
  const count = name.readUInt16BE(2);
  const storage = name.readUInt16BE(4);
  let fallback = '';
  for (let i = 0; i < count; i++) {
    const r = 6 + 12 * i;
    const [platform, encoding, language, nameId, length, offset] = [0, 2, 4, 6, 8, 10].map((o) => name.readUInt16BE(r + o));
    if (nameId !== id) continue;
    const bytes = name.subarray(storage + offset, storage + offset + length);
    if (platform === 3 && encoding === 1 && language === 0x409) return Buffer.from(bytes).swap16().toString('utf16le');
    if (platform === 1 && encoding === 0 && !fallback) fallback = bytes.toString('latin1');
  }
  return fallback;
}

function checksum(data: Buffer): number {
  let sum = 0;
  const whole = data.length & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + data.readUInt32BE(i)) >>> 0;
  if (whole < data.length) {
    const tail = Buffer.alloc(4);
    data.copy(tail, 0, whole);
    sum = (sum + tail.readUInt32BE(0)) >>> 0;
  }
  return sum;
}

/** Writes an sfnt from tables (sorted by tag, 4-byte aligned, checksums and head.checkSumAdjustment set). */
function writeSfnt(tables: Map<string, Buffer>): Buffer {
  const tags = [...tables.keys()].sort();
  const n = tags.length;
  const header = 12 + 16 * n;
  const size = tags.reduce((s, t) => s + ((tables.get(t)!.length + 3) & ~3), header);
  const out = Buffer.alloc(size);
  const power = 2 ** Math.floor(Math.log2(n));
  out.writeUInt32BE(0x00010000, 0);
  out.writeUInt16BE(n, 4);
  out.writeUInt16BE(power * 16, 6);
  out.writeUInt16BE(Math.log2(power), 8);
  out.writeUInt16BE(n * 16 - power * 16, 10);
  let pos = header;
  let headAt = -1;
  tags.forEach((tag, i) => {
    const data = tables.get(tag)!;
    if (tag === 'head') {
      data.writeUInt32BE(0, 8);
      headAt = pos;
    }
    data.copy(out, pos);
    const r = 12 + 16 * i;
    out.write(tag, r, 'latin1');
    out.writeUInt32BE(checksum(data), r + 4);
    out.writeUInt32BE(pos, r + 8);
    out.writeUInt32BE(data.length, r + 12);
    pos += (data.length + 3) & ~3;
  });
  if (headAt < 0) throw new FontFormatError('no head table');
  out.writeUInt32BE((0xb1b0afba - checksum(out)) >>> 0, headAt + 8);
  return out;
}

/** cmap: the best Unicode subtable (3,10)/(0,4) format 12, else (3,1)/(0,3) format 4. */
function readCmap(cmap: Buffer): Map<number, number> {
  const count = cmap.readUInt16BE(2);
  const subtables: { platform: number; encoding: number; format: number; offset: number }[] = [];
  for (let i = 0; i < count; i++) {
    const offset = cmap.readUInt32BE(4 + 8 * i + 4);
    subtables.push({ platform: cmap.readUInt16BE(4 + 8 * i), encoding: cmap.readUInt16BE(4 + 8 * i + 2), format: cmap.readUInt16BE(offset), offset });
  }
  const unicode = (s: (typeof subtables)[number]) => (s.platform === 3 && (s.encoding === 1 || s.encoding === 10)) || s.platform === 0;
  const pick = subtables.find((s) => unicode(s) && s.format === 12) ?? subtables.find((s) => unicode(s) && s.format === 4);
  if (!pick) throw new FontFormatError('no Unicode cmap (format 4 or 12)');
  const map = new Map<number, number>();
  const o = pick.offset;
  if (pick.format === 12) {
    const groups = cmap.readUInt32BE(o + 12);
    for (let i = 0; i < groups; i++) {
      const g = o + 16 + 12 * i;
      const start = cmap.readUInt32BE(g);
      const end = cmap.readUInt32BE(g + 4);
      const glyph = cmap.readUInt32BE(g + 8);
      for (let c = start; c <= end; c++) if (glyph + c - start) map.set(c, glyph + c - start);
    }
  } else {
    const segX2 = cmap.readUInt16BE(o + 6);
    const ends = o + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const rangeOffsets = deltas + segX2;
    for (let i = 0; i < segX2 / 2; i++) {
      const end = cmap.readUInt16BE(ends + 2 * i);
      const start = cmap.readUInt16BE(starts + 2 * i);
      const delta = cmap.readInt16BE(deltas + 2 * i);
      const rangeOffset = cmap.readUInt16BE(rangeOffsets + 2 * i);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let glyph: number;
        if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
        else {
          glyph = cmap.readUInt16BE(rangeOffsets + 2 * i + rangeOffset + 2 * (c - start));
          if (glyph) glyph = (glyph + delta) & 0xffff;
        }
        if (glyph) map.set(c, glyph);
      }
    }
  }
  return map;
}

/** cmap with a format 4 (BMP, (3,1)) and a format 12 ((3,10)) subtable for `pairs` sorted by code point. */
function writeCmap(pairs: [number, number][]): Buffer {
  // Format 12: runs of consecutive code points with consecutive glyphs.
  const groups: [number, number, number][] = [];
  for (const [c, g] of pairs) {
    const last = groups[groups.length - 1];
    if (last && c === last[1] + 1 && g === last[2] + (c - last[0])) last[1] = c;
    else groups.push([c, c, g]);
  }
  const f12 = Buffer.alloc(16 + 12 * groups.length);
  f12.writeUInt16BE(12, 0);
  f12.writeUInt32BE(f12.length, 4);
  f12.writeUInt32BE(groups.length, 12);
  groups.forEach(([s, e, g], i) => {
    f12.writeUInt32BE(s, 16 + 12 * i);
    f12.writeUInt32BE(e, 20 + 12 * i);
    f12.writeUInt32BE(g, 24 + 12 * i);
  });
  // Format 4: one segment per BMP group (idDelta), then the 0xFFFF terminator.
  const bmp = groups.filter(([, e]) => e < 0xffff);
  const segs = [...bmp.map(([s, e, g]) => [s, e, (g - s) & 0xffff]), [0xffff, 0xffff, 1]];
  const segX2 = segs.length * 2;
  const f4 = Buffer.alloc(16 + 4 * segX2);
  const power = 2 ** Math.floor(Math.log2(segs.length));
  f4.writeUInt16BE(4, 0);
  f4.writeUInt16BE(f4.length, 2);
  f4.writeUInt16BE(segX2, 6);
  f4.writeUInt16BE(power * 2, 8);
  f4.writeUInt16BE(Math.log2(power), 10);
  f4.writeUInt16BE(segX2 - power * 2, 12);
  segs.forEach(([s, e, d], i) => {
    f4.writeUInt16BE(e, 14 + 2 * i);
    f4.writeUInt16BE(s, 16 + segX2 + 2 * i);
    f4.writeUInt16BE(d, 16 + 2 * segX2 + 2 * i);
    // idRangeOffset stays 0
  });
  if (f4.length > 0xffff) throw new FontFormatError('subset too large for a format 4 cmap');
  const header = Buffer.alloc(4 + 8 * 2);
  header.writeUInt16BE(0, 0);
  header.writeUInt16BE(2, 2);
  header.writeUInt16BE(3, 4);
  header.writeUInt16BE(1, 6);
  header.writeUInt32BE(header.length, 8);
  header.writeUInt16BE(3, 12);
  header.writeUInt16BE(10, 14);
  header.writeUInt32BE(header.length + f4.length, 16);
  return Buffer.concat([header, f4, f12]);
}

// Composite glyph flags.
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

/** Offsets (into the glyph's bytes) of the glyphIndex fields of a composite glyph. */
function componentOffsets(glyph: Buffer): number[] {
  const offsets: number[] = [];
  let p = 10;
  for (;;) {
    const flags = glyph.readUInt16BE(p);
    offsets.push(p + 2);
    p += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE) p += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) p += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO) p += 8;
    if (!(flags & MORE_COMPONENTS)) return offsets;
  }
}

/** One face of a TrueType font file, in memory, ready to be subset. */
export class TrueTypeFace {
  readonly family: string;
  readonly numGlyphs: number;
  private readonly tables = new Map<string, Buffer>();
  private readonly cmap: Map<number, number>;
  private readonly glyphOffsets: Uint32Array;
  private readonly numberOfHMetrics: number;
  private readonly numberOfVMetrics: number;

  /** `face`: an index, or a family name to look for (e.g. 'AR PL UMing CN'); default 0. */
  static fromFile(path: string, face: number | string = 0): TrueTypeFace {
    return new TrueTypeFace(readFileSync(path), face);
  }

  constructor(file: Buffer, face: number | string = 0) {
    let index = typeof face === 'number' ? face : -1;
    if (typeof face === 'string') {
      index = listFaces(file).find((f) => f.family === face)?.index ?? -1;
      if (index < 0) throw new FontFormatError(`no face named ${face}: ${listFaces(file).map((f) => f.family).join(', ')}`);
    }
    const directory = tableDirectory(file, index);
    for (const tag of KEEP) {
      const r = directory.get(tag);
      // Copies: the file (tens of MB) is not kept alive, only the tables used.
      if (r) this.tables.set(tag, Buffer.from(file.subarray(r.offset, r.offset + r.length)));
    }
    for (const tag of ['head', 'hhea', 'maxp', 'cmap', 'glyf', 'loca', 'hmtx', 'post']) if (!this.tables.has(tag)) throw new FontFormatError(`no ${tag} table`);
    const head = this.tables.get('head')!;
    const loca = this.tables.get('loca')!;
    this.numGlyphs = this.tables.get('maxp')!.readUInt16BE(4);
    this.glyphOffsets = new Uint32Array(this.numGlyphs + 1);
    const long = head.readInt16BE(50) === 1;
    for (let g = 0; g <= this.numGlyphs; g++) this.glyphOffsets[g] = long ? loca.readUInt32BE(4 * g) : loca.readUInt16BE(2 * g) * 2;
    this.numberOfHMetrics = this.tables.get('hhea')!.readUInt16BE(34);
    this.numberOfVMetrics = this.tables.get('vhea') && this.tables.get('vmtx') ? this.tables.get('vhea')!.readUInt16BE(34) : 0;
    if (!this.numberOfVMetrics) {
      this.tables.delete('vhea');
      this.tables.delete('vmtx');
    }
    this.cmap = readCmap(this.tables.get('cmap')!);
    this.tables.delete('loca');
    this.family = nameString(this.tables.get('name')!, 1);
  }

  has(codePoint: number): boolean {
    return this.cmap.has(codePoint);
  }

  /** The whole face as a standalone TrueType font (no bitmaps, no layout tables): what `subset` cuts from. */
  full(): Buffer {
    return this.subset(this.cmap.keys());
  }

  /** A TrueType font with the glyphs of `codePoints` (those the face has) and .notdef. */
  subset(codePoints: Iterable<number>): Buffer {
    const glyf = this.tables.get('glyf')!;
    const glyphBytes = (g: number) => glyf.subarray(this.glyphOffsets[g], this.glyphOffsets[g + 1]);
    const pairs: [number, number][] = [];
    const used = new Set<number>([0]);
    for (const c of codePoints) {
      const g = this.cmap.get(c);
      if (g !== undefined && g < this.numGlyphs) {
        pairs.push([c, g]);
        used.add(g);
      }
    }
    // Components of composite glyphs (transitively).
    const stack = [...used];
    while (stack.length) {
      const bytes = glyphBytes(stack.pop()!);
      if (bytes.length < 10 || bytes.readInt16BE(0) >= 0) continue;
      for (const o of componentOffsets(bytes)) {
        const component = bytes.readUInt16BE(o);
        if (component < this.numGlyphs && !used.has(component)) {
          used.add(component);
          stack.push(component);
        }
      }
    }
    const order = [...used].sort((a, b) => a - b); // 0 (.notdef) first
    const newId = new Map(order.map((g, i) => [g, i]));
    const n = order.length;

    const glyphs: Buffer[] = [];
    const loca = Buffer.alloc(4 * (n + 1));
    let at = 0;
    order.forEach((g, i) => {
      loca.writeUInt32BE(at, 4 * i);
      let bytes = glyphBytes(g);
      if (bytes.length >= 10 && bytes.readInt16BE(0) < 0) {
        bytes = Buffer.from(bytes);
        for (const o of componentOffsets(bytes)) bytes.writeUInt16BE(newId.get(bytes.readUInt16BE(o)) ?? 0, o);
      }
      const padded = (bytes.length + 3) & ~3;
      glyphs.push(bytes, Buffer.alloc(padded - bytes.length));
      at += padded;
    });
    loca.writeUInt32BE(at, 4 * n);

    const metrics = (table: Buffer, longCount: number) => {
      const out = Buffer.alloc(4 * n);
      order.forEach((g, i) => {
        const advance = table.readUInt16BE(4 * (Math.min(g, longCount - 1)));
        const side = g < longCount ? table.readInt16BE(4 * g + 2) : table.readInt16BE(4 * longCount + 2 * (g - longCount));
        out.writeUInt16BE(advance, 4 * i);
        out.writeInt16BE(side, 4 * i + 2);
      });
      return out;
    };

    const tables = new Map<string, Buffer>();
    for (const [tag, data] of this.tables) if (tag !== 'glyf' && tag !== 'cmap' && tag !== 'hmtx' && tag !== 'vmtx') tables.set(tag, Buffer.from(data));
    tables.set('glyf', Buffer.concat(glyphs));
    tables.set('loca', loca);
    tables.set('cmap', writeCmap(pairs.sort((a, b) => a[0] - b[0]).map(([c, g]) => [c, newId.get(g)!])));
    tables.set('hmtx', metrics(this.tables.get('hmtx')!, this.numberOfHMetrics));
    tables.get('hhea')!.writeUInt16BE(n, 34);
    if (this.numberOfVMetrics) {
      tables.set('vmtx', metrics(this.tables.get('vmtx')!, this.numberOfVMetrics));
      tables.get('vhea')!.writeUInt16BE(n, 34);
    }
    tables.get('maxp')!.writeUInt16BE(n, 4);
    tables.get('head')!.writeInt16BE(1, 50); // long loca
    const post = Buffer.from(this.tables.get('post')!.subarray(0, 32));
    post.writeUInt32BE(0x00030000, 0);
    tables.set('post', post);
    return writeSfnt(tables);
  }
}
