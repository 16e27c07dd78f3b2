import { templateCodePoints } from '../../src/documents/templates/template-characters.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PuppeteerPdfRenderer } from '../../src/documents/renderer/puppeteer-pdf-renderer.js';
import { TemplateRegistry } from '../../src/documents/templates/template-registry.js';

// Every template, rendered from its sample as the service renders it (its fonts, the real Chromium): poppler reads
// back its Chinese text, finds only embedded subset CID TrueType fonts (never Type 3) and the metadata.

const registry = new TemplateRegistry();
const templates = registry.list();
let renderer: PuppeteerPdfRenderer;
const dir = mkdtempSync(join(tmpdir(), 'cb-templates-'));
const files = new Map<string, string>();
const titles = new Map<string, string>();

beforeAll(async () => {
  renderer = new PuppeteerPdfRenderer({ pages: 2, coreCodePoints: templateCodePoints() }); // as the service builds it
  await Promise.all(
    templates.map(async (t) => {
      const page = registry.render(t.id, registry.get(t.id).sample as Record<string, unknown>);
      const result = await renderer.render({ html: page.html, title: page.title, author: '成都市总工会', subject: page.subject, keywords: ['集体协商', t.id] });
      expect({ id: t.id, blocked: result.blocked }).toEqual({ id: t.id, blocked: [] });
      const file = join(dir, `${t.id}.pdf`);
      writeFileSync(file, result.pdf);
      files.set(t.id, file);
      titles.set(t.id, page.title);
    }),
  );
}, 180_000);
afterAll(async () => {
  await renderer?.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (cmd: string, file: string) => execFileSync(cmd, cmd === 'pdftotext' ? [file, '-'] : [file], { encoding: 'utf8' });

describe.each(templates.map((t) => [t.id] as const))('%s', (id) => {
  it('pdftotext gives back its Chinese title and sample text', () => {
    const text = run('pdftotext', files.get(id)!).replace(/\s+/g, '');
    expect(text).toContain(titles.get(id)!.replace(/（[^）]*）/g, '').replace(/\s+/g, ''));
    // Some Chinese string of the sample itself comes back (the data, not only the template's wording).
    const sample = JSON.stringify(registry.get(id).sample);
    const phrases = (sample.match(/[\u4e00-\u9fff]{4,}/g) ?? []).slice(0, 5);
    expect(phrases.some((p) => text.includes(p))).toBe(true);
  });

  it('pdffonts: every font embedded as a subset CID TrueType font, none Type 3', () => {
    const rows = run('pdffonts', files.get(id)!).split('\n').slice(2).filter(Boolean);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect({ row, type3: /Type 3/.test(row) }).toEqual({ row, type3: false });
      expect(row).toMatch(/CID TrueType/);
      expect(row).toMatch(/\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$/); // emb, sub
    }
  });

  it('pdfinfo reads the title, author, subject and keywords', () => {
    const info = run('pdfinfo', files.get(id)!);
    expect(info).toMatch(/^Title:\s+\S/m);
    expect(info).toMatch(/^Author:\s+成都市总工会/m);
    expect(info).toMatch(/^Subject:\s+\S/m);
    expect(info).toMatch(new RegExp(`^Keywords:.*${id}`, 'm'));
    expect(info).toMatch(/^Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/m);
  });
});
