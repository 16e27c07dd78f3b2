import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import { projectPath } from '../config/project-root.js';

// The pages' scripts and styles, served by the service itself (no CDN): read once at start, named by
// their content's hash so that a browser may keep them for a year and a new release is a new URL.
// Compressed on first request, off the event loop (ECharts is 1.1 MB: 0.33 MB brotli, 0.37 MB gzip), and kept.

export interface WebAsset {
  /** The URL the pages use: /assets/<stem>.<hash>.<ext>. */
  url: string;
  contentType: string;
  etag: string;
  bytes: Buffer;
  encoded: Map<Encoding, Promise<Buffer>>;
}

type Encoding = 'br' | 'gzip';
const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };

/** Source of each asset, by its stable name, relative to the project root. */
export const ASSET_SOURCES = {
  'echarts.js': 'node_modules/echarts/dist/echarts.min.js',
  'dashboard.js': 'web/dashboard/dashboard.js',
  'dashboard.css': 'web/dashboard/dashboard.css',
  'pages.css': 'web/pages/pages.css',
  // Each area's styles (the layout links them all: a few KiB, cached a year).
  'case.css': 'web/pages/case.css',
  'workspace.css': 'web/pages/workspace.css',
  'filings.css': 'web/pages/filings.css',
  'federation.css': 'web/pages/federation.css',
  'icon.svg': 'web/icon.svg',
} as const;

export type AssetName = keyof typeof ASSET_SOURCES;

@Injectable()
export class WebAssets {
  private readonly byName = new Map<AssetName, WebAsset>();
  private readonly byFile = new Map<string, WebAsset>();

  constructor() {
    for (const [name, source] of Object.entries(ASSET_SOURCES) as [AssetName, string][]) {
      const bytes = readFileSync(projectPath(source));
      const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
      const ext = extname(name);
      const file = `${name.slice(0, -ext.length)}.${hash}${ext}`;
      const asset: WebAsset = { url: `/assets/${file}`, contentType: TYPES[ext], etag: `"${hash}"`, bytes, encoded: new Map() };
      this.byName.set(name, asset);
      this.byFile.set(file, asset);
    }
  }

  url(name: AssetName): string {
    return this.byName.get(name)!.url;
  }

  /** The asset a hashed file name stands for; an old hash or an unknown name is undefined. */
  find(file: string): WebAsset | undefined {
    return this.byFile.get(file);
  }

  /** The bytes in the best encoding the client accepts (brotli, then gzip, else none). */
  async body(asset: WebAsset, acceptEncoding: string | undefined): Promise<{ bytes: Buffer; encoding?: Encoding }> {
    const accepted = acceptedEncodings(acceptEncoding);
    const encoding = (['br', 'gzip'] as const).find((e) => accepted.has(e));
    if (!encoding) return { bytes: asset.bytes };
    let bytes = asset.encoded.get(encoding);
    if (!bytes) {
      bytes = encoding === 'br' ? brotli(asset.bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: asset.bytes.length } }) : gzipped(asset.bytes, { level: 9 });
      asset.encoded.set(encoding, bytes);
    }
    return { bytes: await bytes, encoding };
  }
}

/** The codings an Accept-Encoding header allows (q=0 refuses one). */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.toLowerCase().split(';').map((p) => p.trim());
    const q = params.find((p) => p.startsWith('q='));
    if (name && !(q && !(Number(q.slice(2)) > 0))) out.add(name);
  }
  return out;
}
