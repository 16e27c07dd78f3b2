import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codePointsOf, DOCUMENT_URL, PuppeteerPdfRenderer, RenderFailed, RendererBusy, type RenderRequest } from '../../src/documents/renderer/index.js';

// The renderer with the real Chromium (no mocks): Chinese text and embedded TrueType subsets, the
// sandbox (interception log, nothing leaves, no script), the pool, the queue, recycling, timeouts.

const dir = mkdtempSync(join(tmpdir(), 'renderer-spec-'));
let n = 0;
function tool(cmd: 'pdftotext' | 'pdffonts' | 'pdfinfo', pdf: Buffer): string {
  const file = join(dir, `${++n}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync(cmd, cmd === 'pdftotext' ? ['-enc', 'UTF-8', file, '-'] : cmd === 'pdfinfo' ? ['-enc', 'UTF-8', file] : [file], { encoding: 'utf8' });
}

const FONT_FACES = `
@font-face { font-family: 'CB Ming'; src: url(http://renderer.invalid/assets/fonts/uming.ttf) format('truetype'); font-weight: 100 900; }
@font-face { font-family: 'CB Hei'; src: url(http://renderer.invalid/assets/fonts/wqy-zenhei.ttf) format('truetype'); font-weight: 100 900; }`;

const page = (body: string, head = '') => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>测试</title>
<style>${FONT_FACES}
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { font-synthesis: none; }
body { font-family: 'CB Ming'; font-size: 16pt; line-height: 28pt; }
h1 { font-family: 'CB Hei'; font-size: 22pt; font-weight: normal; text-align: center; }
</style>${head}</head><body>${body}</body></html>`;

const request = (html: string, title = '集体合同（草案）'): RenderRequest => ({
  html,
  title,
  author: '某某有限公司工会委员会',
  subject: '工资专项集体合同',
  keywords: ['集体合同', '工资', '2025'],
});

const BODY_TEXT = '为维护职工和企业的合法权益，建立和谐稳定的劳动关系，根据《中华人民共和国劳动合同法》，经双方平等协商，订立本合同。';

describe('PuppeteerPdfRenderer (real Chromium)', () => {
  const renderer = new PuppeteerPdfRenderer({ pages: 2 });
  const spare: PuppeteerPdfRenderer[] = [];
  let listener: Server;
  let port = 0;
  const connections: string[] = [];

  beforeAll(async () => {
    listener = createServer((socket) => {
      connections.push(`${socket.remoteAddress}:${socket.remotePort}`);
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as { port: number }).port;
    renderer.registerAsset('css/print.css', 'text/css; charset=utf-8', 'p.note { color: #333; } p.note::after { content: "（完）"; }');
    await renderer.start();
  });

  afterAll(async () => {
    await Promise.all([renderer.close(), ...spare.map((r) => r.close())]);
    listener.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints Chinese text with embedded TrueType subset fonts (no Type 3) and the metadata', async () => {
    // <b>: with no bold face, Chromium would embolden the outlines itself and print them as Type 3;
    // font-weight 100 900 on the @font-face and font-synthesis: none keep the real face.
    const html = page(`<h1>工资专项集体合同</h1><p>${BODY_TEXT}</p><p class="note">第一章　<b>总则</b></p>`, '<link rel="stylesheet" href="http://renderer.invalid/assets/css/print.css">');
    const result = await renderer.render(request(html));

    expect(result.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(result.pages).toBe(1);
    expect(result.blocked).toEqual([]);
    expect(result.served).toEqual(
      expect.arrayContaining([DOCUMENT_URL, 'http://renderer.invalid/assets/fonts/uming.ttf', 'http://renderer.invalid/assets/fonts/wqy-zenhei.ttf', 'http://renderer.invalid/assets/css/print.css']),
    );

    const text = tool('pdftotext', result.pdf).replace(/\s+/g, '');
    expect(text).toContain('工资专项集体合同');
    expect(text).toContain(BODY_TEXT);
    expect(text).toContain('第一章总则（完）'); // the （完） comes from the registered CSS's content:

    const fonts = tool('pdffonts', result.pdf);
    const rows = fonts.split('\n').slice(2).filter((l) => l.trim());
    expect(fonts).not.toMatch(/Type 3/);
    expect(rows.some((r) => /\+UMingCN\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/.test(r))).toBe(true);
    expect(rows.some((r) => /\+WenQuanYiZenHei\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/.test(r))).toBe(true);
    for (const row of rows) expect(row).toMatch(/CID TrueType\s+Identity-H\s+yes\s+yes/); // every font embedded and subset

    const info = tool('pdfinfo', result.pdf);
    expect(info).toMatch(/^Title:\s+集体合同（草案）$/m);
    expect(info).toMatch(/^Author:\s+某某有限公司工会委员会$/m);
    expect(info).toMatch(/^Subject:\s+工资专项集体合同$/m);
    expect(info).toMatch(/^Keywords:\s+集体合同 工资 2025$/m);
    expect(info).toMatch(/^Creator:\s+cb-engine$/m);
    expect(info).toMatch(/^Pages:\s+1$/m);
  });

  // Both ways a document reaches a page: navigation (a page's first document) and in place (document.write).
  it.each([
    ['navigated to', 1],
    ['written in place', 50],
  ])('blocks file:, other hosts and script in a document %s; serves nothing but the document and its assets; nothing leaves', async (_how, navigateEvery) => {
    const renderer = new PuppeteerPdfRenderer({ pages: 1, navigateEvery });
    spare.push(renderer);
    renderer.registerAsset('css/print.css', 'text/css; charset=utf-8', 'p.note { color: #333; }');
    await renderer.render(request(page('<p>先有一份</p>'))); // the hostile one is the page's second document
    const hostile = [
      '<img src="file:///etc/passwd">',
      '<iframe src="file:///etc/passwd"></iframe>',
      '<link rel=stylesheet href="http://127.0.0.1:9/x.css">',
      '<img src="https://example.com/x.png">',
      "<script>document.title='pwned'</script>",
      "<script>document.write('SCRIPT-RAN')</script>",
      '<noscript>脚本未执行</noscript>',
      `<link rel="preconnect" href="http://127.0.0.1:${port}"><link rel="dns-prefetch" href="//leak.example.org">`,
      `<img src="http://127.0.0.1:${port}/pixel.png"><object data="file:///etc/hosts"></object>`,
      `<meta http-equiv="refresh" content="0;url=http://127.0.0.1:${port}/away">`,
      '<div style="background:url(ftp://example.com/a.png)">背景</div>',
    ].join('\n');
    const result = await renderer.render(request(page(`<h1>恶意数据</h1><p>${hostile}</p><p>${BODY_TEXT}</p>`)));
    const blocked = result.blocked.map((b) => b.url);

    for (const url of ['file:///etc/passwd', 'http://127.0.0.1:9/x.css', 'https://example.com/x.png', `http://127.0.0.1:${port}/pixel.png`, 'file:///etc/hosts', 'ftp://example.com/a.png']) {
      expect(blocked).toContain(url);
    }
    expect(blocked.filter((u) => u === 'file:///etc/passwd')).toHaveLength(2); // the img and the iframe
    const allowed = new Set([DOCUMENT_URL, 'http://renderer.invalid/assets/fonts/uming.ttf', 'http://renderer.invalid/assets/fonts/wqy-zenhei.ttf', 'http://renderer.invalid/assets/fonts/ukai.ttf', 'http://renderer.invalid/assets/css/print.css']);
    const fontCut = /^http:\/\/renderer\.invalid\/assets\/fonts\/(uming|ukai|wqy-zenhei)\.(core|x)-[0-9a-f]{16}\.ttf$/;
    for (const url of result.served) expect(allowed.has(url) || fontCut.test(url)).toBe(true);
    expect(result.served).toContain(DOCUMENT_URL);

    const text = tool('pdftotext', result.pdf);
    expect(text).not.toMatch(/root:|daemon:|localhost/);
    expect(text).not.toContain('SCRIPT-RAN');
    expect(text).not.toContain('pwned');
    expect(text.replace(/\s+/g, '')).toContain('脚本未执行'); // <noscript> shows: scripting is off
    expect(text.replace(/\s+/g, '')).toContain(BODY_TEXT); // the refresh did not replace the document
    expect(tool('pdfinfo', result.pdf)).not.toMatch(/pwned/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(connections).toEqual([]); // preconnect, dns-prefetch and the <img> opened no connection
  });

  it('declares its faces itself: a core the browser keeps, a supplement per document for the other characters', async () => {
    const fonts = new PuppeteerPdfRenderer({ pages: 1, coreCodePoints: codePointsOf('集体合同第条') });
    spare.push(fonts);
    const doc = (party: string) =>
      `<!doctype html><html><head><meta charset="utf-8"><title>${party}</title><style>html { font-synthesis: none; } body { font-family: cb-song; font-size: 16pt; } h1 { font-family: cb-hei; font-weight: normal; }</style></head><body><h1>集体合同</h1><p>第一条　${party}</p></body></html>`;
    const first = await fonts.render(request(doc('甲方：蜀锦机械')));
    const again = await fonts.render(request(doc('甲方：蜀锦机械')));
    const other = await fonts.render(request(doc('乙方：嘉陵纺织')));

    const fontUrls = (r: typeof first) => r.served.filter((u) => u.includes('/fonts/'));
    // First document: each face's core and its supplement (蜀锦机械… are not in the core).
    expect(fontUrls(first).filter((u) => /uming\.core-/.test(u))).toHaveLength(1);
    expect(fontUrls(first).filter((u) => /uming\.x-/.test(u))).toHaveLength(1);
    expect(fontUrls(first).filter((u) => /wqy-zenhei\.core-/.test(u))).toHaveLength(1);
    // The same document again: everything from the browser's cache.
    expect(fontUrls(again)).toEqual([]);
    // Another document: the core is cached, its own characters come in a new supplement.
    expect(fontUrls(other)).toHaveLength(1);
    expect(fontUrls(other)[0]).toMatch(/uming\.x-[0-9a-f]{16}\.ttf$/);
    expect(fontUrls(other)[0]).not.toBe(fontUrls(first).find((u) => /uming\.x-/.test(u)));

    // Each document shows its own text only (the page is reused, nothing of the previous one stays).
    const text = (r: typeof first) => tool('pdftotext', r.pdf).replace(/\s+/g, '');
    expect(text(first)).toContain('第一条甲方：蜀锦机械');
    expect(text(other)).toContain('第一条乙方：嘉陵纺织');
    expect(text(other)).not.toContain('蜀锦');
    // Printed with the served faces: subset CID TrueType, Song for the body and Hei for the heading.
    const rows = tool('pdffonts', other.pdf).split('\n').slice(2).filter((l) => l.trim());
    for (const row of rows) expect(row).toMatch(/^[A-Z]{6}\+(UMingCN|WenQuanYiZenHei)\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(rows.some((r) => /UMingCN/.test(r))).toBe(true);
    expect(rows.some((r) => /WenQuanYiZenHei/.test(r))).toBe(true);
  });

  it('queues FIFO up to queueLimit, refuses the rest with RendererBusy (503, Retry-After), relaunches a browser that died', async () => {
    const small = new PuppeteerPdfRenderer({ pages: 1, queueLimit: 1 });
    spare.push(small);
    await small.start();
    const settled = await Promise.allSettled([1, 2, 3].map((i) => small.render(request(page(`<p>第${i}份</p>`)))));
    const rejected = settled.filter((s) => s.status === 'rejected');
    expect(rejected).toHaveLength(1);
    const error = (rejected[0] as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(RendererBusy);
    expect(error.status).toBe(503);
    expect(error.code).toBe('renderer-busy');
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(error.extra).toEqual({ retryAfterSeconds: error.retryAfterSeconds });
    expect(error.headers).toEqual({ 'Retry-After': String(error.retryAfterSeconds) });
    expect(error.title.zh).toBeTruthy();
    expect(error.detail.en).toMatch(/queue is full/);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(2);
    expect(small.stats()).toMatchObject({ renders: 2, rejected: 1, queued: 0, inFlight: 0, generation: 1 });

    // A browser that dies (here: under a render) is replaced; the render runs again on the new one.
    const during = small.render(request(page(`<p>崩溃后</p><p>${BODY_TEXT}</p>`)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    process.kill(small.stats().browserPid!, 'SIGKILL');
    const after = await during;
    expect(tool('pdftotext', after.pdf)).toContain('崩溃后');
    expect(small.stats()).toMatchObject({ generation: 2, restarts: 1, failures: 0 });
    expect(small.stats().retries).toBeLessThanOrEqual(1); // 1 when the kill came while the page worked
  });

  it('recycles the browser after maxRendersPerBrowser, finishing the renders on the old one first', async () => {
    const recycling = new PuppeteerPdfRenderer({ pages: 2, maxRendersPerBrowser: 3 });
    spare.push(recycling);
    await recycling.start();
    const firstPid = recycling.stats().browserPid!;
    // Four at once on two pages: the third render is the first browser's last; the fourth waits for the second browser.
    const results = await Promise.all(Array.from({ length: 4 }, (_, i) => recycling.render(request(page(`<p>第${i + 1}份文书</p>`)))));
    for (const [i, r] of results.entries()) expect(tool('pdftotext', r.pdf)).toContain(`第${i + 1}份文书`);
    const stats = recycling.stats();
    expect(stats).toMatchObject({ generation: 2, recycles: 1, restarts: 0, renders: 4, failures: 0, rendersThisBrowser: 1 });
    expect(stats.browserPid).not.toBe(firstPid);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(() => process.kill(firstPid, 0)).toThrow(); // the first browser is gone
  });

  it('replaces the browser above the memory ceiling', async () => {
    const tight = new PuppeteerPdfRenderer({ pages: 1, maxBrowserRssMb: 1 });
    spare.push(tight);
    await tight.render(request(page('<p>一</p>')));
    expect(tight.stats().recycles).toBe(1);
    await tight.start(); // the successor, launched as the first browser was retired
    expect(tight.stats().generation).toBe(2);
  });

  it('fails a render that runs out of time with RenderFailed (504)', async () => {
    const hurried = new PuppeteerPdfRenderer({ pages: 1, timeoutMs: 1 });
    spare.push(hurried);
    await hurried.start();
    const error = await hurried.render(request(page(`<p>${BODY_TEXT}</p>`))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderFailed);
    expect((error as RenderFailed).status).toBe(504);
    expect((error as RenderFailed).code).toBe('render-timeout');
    // The page that ran out of time was closed; the next render opens a new one (and runs out of time too).
    await expect(hurried.render(request(page('<p>再来</p>')))).rejects.toMatchObject({ status: 504 });
    expect(hurried.stats()).toMatchObject({ timeouts: 2, failures: 2, inFlight: 0, generation: 1 });
  });

  it('refuses renders after close()', async () => {
    const closing = new PuppeteerPdfRenderer({ pages: 1 });
    await closing.close();
    await expect(closing.render(request(page('<p>晚了</p>')))).rejects.toBeInstanceOf(RenderFailed);
  });
});
