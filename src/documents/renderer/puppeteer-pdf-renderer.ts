// PdfRenderer with puppeteer-core and the system Chromium.
//
// Pool: one browser at a time (a retiring one may finish its renders beside it), `pages` pages reused
// render after render, at most `pages` renders on them and `queueLimit` waiting in FIFO order; a full
// queue answers RendererBusy (503 + Retry-After). The browser is replaced after `maxRendersPerBrowser`
// renders or when its process tree grows above `maxBrowserRssMb`: the next browser starts at once, the
// old one closes when its last render ends. A crash or disconnect fails the renders on it and the next
// render launches a new browser.
//
// Warm pages: a page's first document is a navigation to http://renderer.invalid/document.html (served by
// interception); the next ones replace it in place (document.open/write, as Puppeteer's setContent does),
// which spares a navigation per render; every `navigateEvery` renders the page navigates afresh.
//
// Fonts: the renderer declares its faces itself (@font-face for each FontSource's family, placed first in
// <head>). Each face is cut in two: a core subset (the characters of the project's templates, fixed for
// the renderer's life, served once and then taken from the browser's cache) and, per document, a small
// supplement with the document's other characters, declared with a unicode-range naming exactly them and
// addressed by their hash (a repeated document finds it cached too). A document that names a face's own
// URL (fonts/uming.ttf) gets a subset cut for it, never cached.
//
// Sandbox: JavaScript is off; every request goes through interception. The document itself is served at
// http://renderer.invalid/document.html, the renderer's assets under /assets/ (fonts and what the service
// registered); everything else is aborted and listed in `blocked`.
// Chromium refuses file: and chrome: URLs before interception sees them: those are read from its console
// ("Not allowed to load local resource"). <link rel=preconnect|dns-prefetch> open connections without a
// request, so the browser also resolves no host name and has an unreachable proxy: nothing leaves.
import { createHash } from 'node:crypto';
import puppeteer, { type Browser, type ConsoleMessage, type HTTPRequest, type Page } from 'puppeteer-core';
import { BASE_CODE_POINTS, codePointsOf, DEFAULT_FONTS, loadFace, unicodeRange, type FontSource } from './font-assets.js';
import { withMetadata } from './pdf-metadata.js';
import type { PdfRenderer, RendererStats, RenderRequest, RenderResult } from './pdf-renderer.js';
import { treeRssMb } from './process-tree.js';
import { RenderFailed, RendererBusy } from './renderer.errors.js';
import type { TrueTypeFace } from './sfnt.js';

export const RENDERER_ORIGIN = 'http://renderer.invalid';
export const DOCUMENT_URL = `${RENDERER_ORIGIN}/document.html`;
export const ASSET_URL = `${RENDERER_ORIGIN}/assets/`;

export interface PuppeteerPdfRendererOptions {
  /** Default: env CHROMIUM_PATH, else /usr/bin/chromium. */
  executablePath?: string;
  /** Pages in the pool (renders at once). Default 2. */
  pages?: number;
  /** Renders before the browser is replaced. Default 500. */
  maxRendersPerBrowser?: number;
  /** Memory of the browser's process tree (private resident: Σ RssAnon + RssShmem, see process-tree.ts) above which it is replaced, MB. Default 600. */
  maxBrowserRssMb?: number;
  /** Renders waiting for a page before RendererBusy. Default 50. */
  queueLimit?: number;
  /** Time on the page (navigation + print), ms. Default 20000. */
  timeoutMs?: number;
  /** Fonts served under /assets/. Default: AR PL UMing CN, AR PL UKai CN, WenQuanYi Zen Hei (DEFAULT_FONTS). */
  fonts?: FontSource[];
  /** Subset fonts to the characters of each document (default true). False sends whole faces (~17 MB each: slow). */
  subsetFonts?: boolean;
  /**
   * Characters of every face's core subset (besides BASE_CODE_POINTS and the registered CSS): what most
   * documents print, e.g. the templates' own text (templateCodePoints()). Default none: every document
   * character then travels in the document's supplement.
   */
  coreCodePoints?: Iterable<number>;
  /** Documents a page shows in place (document.write) before it navigates afresh. Default 50; 1 navigates for every render. */
  navigateEvery?: number;
  /**
   * Tagged (accessible) PDF: Chromium's structure tree. Default false: it adds ~10 % to the file; turn it
   * on if screen-reader access to the PDFs is wanted.
   */
  tagged?: boolean;
  /** Written into the PDF's Creator. Default 'cb-engine'. */
  creator?: string;
  launchTimeoutMs?: number;
  /** More Chromium switches. */
  args?: string[];
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-dev-shm-usage',
  '--font-render-hinting=none',
  // Nothing leaves, even what interception never sees (preconnect, DNS prefetch): no host resolves, and
  // the proxy every connection would take, loopback included, is itself a name that does not resolve.
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--proxy-server=http://proxy.invalid:1',
  '--proxy-bypass-list=<-loopback>',
  // One render per navigation of the same URL: without these every navigation parks the previous
  // document in the back/forward cache and builds a new frame host (measured: −15 % browser CPU per
  // document). Chromium reads only the last --disable-features, so all of them go here.
  '--disable-features=BackForwardCache,RenderDocument,ProactivelySwapBrowsingInstance,Translate,MediaRouter,OptimizationHints',
];

interface Asset {
  contentType: string;
  bytes: Buffer;
  /** CSS and other text: its characters go into every font subset. */
  codePoints?: Set<number>;
}

interface RenderContext {
  /** The document as the page gets it: the renderer's @font-face rules placed first. */
  html: string;
  blocked: { url: string; type: string }[];
  served: string[];
  codePoints?: Set<number>;
  subsets: Map<string, Buffer>;
  documentServed: boolean;
  done: boolean;
  crashed?: (error: Error) => void;
}

/** One page of the pool. After a timeout or a crash its page is closed and `ready` becomes undefined: the next render on the slot opens a new one. */
interface Slot {
  busy: boolean;
  ready?: Promise<PageState>;
}

interface PageState {
  page: Page;
  ctx?: RenderContext;
  /** Documents shown since the page last navigated; 0: the next render navigates. */
  shown: number;
}

/** A face as the renderer serves it: its core subset, and what that subset holds. */
interface FaceCut {
  source: FontSource;
  face: TrueTypeFace;
  /** fonts/uming (the source's path without .ttf). */
  stem: string;
  corePath: string;
  core: Buffer;
  coreCodePoints: Set<number>;
}

/** Supplements kept for repeated documents (a few KB each). */
const SUPPLEMENT_CACHE = 64;
const CACHED = 'public, max-age=31536000, immutable';

interface Generation {
  id: number;
  browser: Browser;
  pid: number | null;
  slots: Slot[];
  started: number;
  inFlight: number;
  draining: boolean;
  /** Closed by us (recycle, close()), not crashed. */
  closing: boolean;
  dead: boolean;
  rssCheckedAt: number;
}

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

const FAVICON = `${RENDERER_ORIGIN}/favicon.ico`;
const LOCAL_RESOURCE = /^Not allowed to load local resource: (.+)$/;

export class PuppeteerPdfRenderer implements PdfRenderer {
  private readonly options: Required<Omit<PuppeteerPdfRendererOptions, 'args'>> & { args: string[] };
  private readonly assets = new Map<string, Asset>();
  private readonly faces = new Map<string, TrueTypeFace>();
  private readonly fullFaces = new Map<string, Buffer>();
  private faceCuts: FaceCut[] = [];
  /** Core subsets and recent supplements by path; insertion order is the supplements' LRU order. */
  private readonly fontFiles = new Map<string, Buffer>();
  private supplementCount = 0;
  private fontCss = '';
  private readonly fontErrors: string[] = [];
  private fontsLoaded?: Promise<void>;
  private assetCodePoints = new Set<number>();

  private current?: Promise<Generation>;
  private readonly generations = new Set<Generation>();
  private generationCount = 0;
  private browserVersion = 'Chromium';

  private active = 0;
  private readonly waiting: Waiter[] = [];
  private closed = false;
  private idle?: () => void;

  private counters = { renders: 0, failures: 0, timeouts: 0, rejected: 0, retries: 0, restarts: 0, recycles: 0 };
  private averageMs: number | null = null;

  constructor(options: PuppeteerPdfRendererOptions = {}) {
    this.options = {
      executablePath: options.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      pages: Math.max(1, options.pages ?? 2),
      maxRendersPerBrowser: Math.max(1, options.maxRendersPerBrowser ?? 500),
      maxBrowserRssMb: options.maxBrowserRssMb ?? 600,
      queueLimit: Math.max(0, options.queueLimit ?? 50),
      timeoutMs: options.timeoutMs ?? 20_000,
      fonts: options.fonts ?? DEFAULT_FONTS,
      subsetFonts: options.subsetFonts ?? true,
      coreCodePoints: [...(options.coreCodePoints ?? [])],
      navigateEvery: Math.max(1, options.navigateEvery ?? 50),
      tagged: options.tagged ?? false,
      creator: options.creator ?? 'cb-engine',
      launchTimeoutMs: options.launchTimeoutMs ?? 30_000,
      args: options.args ?? [],
    };
  }

  /** Serves `bytes` at http://renderer.invalid/assets/<path> (a CSS file, an image, a font of the caller's). */
  registerAsset(path: string, contentType: string, bytes: Buffer | string): void {
    const key = path.replace(/^\/+/, '').replace(/^assets\//, '');
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    const text = /^text\/|css|svg|json/.test(contentType) ? codePointsOf(data.toString('utf8')) : undefined;
    this.assets.set(key, { contentType, bytes: data, codePoints: text });
    this.assetCodePoints = new Set<number>();
    for (const asset of this.assets.values()) for (const c of asset.codePoints ?? []) this.assetCodePoints.add(c);
  }

  /** The URL a document uses for an asset: assetUrl('fonts/uming.ttf'). */
  static assetUrl(path: string): string {
    return ASSET_URL + path.replace(/^\/+/, '');
  }

  /** Loads the fonts and launches the browser now rather than on the first render. */
  async start(): Promise<void> {
    await Promise.all([this.loadFonts(), this.generation()]);
  }

  async render(req: RenderRequest): Promise<RenderResult> {
    const started = performance.now();
    if (this.closed) throw new RenderFailed('closed');
    await this.admit();
    let pageDone = false;
    const releaseOnce = () => {
      if (!pageDone) {
        pageDone = true;
        this.release();
      }
    };
    try {
      let ctx: RenderContext;
      let raw: Uint8Array;
      await this.loadFonts();
      for (let attempt = 1; ; attempt++) {
        ctx = { html: req.html, blocked: [], served: [], subsets: new Map(), documentServed: false, done: false };
        ctx.html = this.withFonts(req.html, ctx);
        try {
          raw = await this.renderOnPage(ctx);
          break;
        } catch (error) {
          // The browser died under the render (killed, out of memory): once more on a new one. A page
          // that crashed (the document's doing, perhaps) is not retried.
          if (attempt === 1 && error instanceof RenderFailed && error.reason === 'crashed' && !this.closed) {
            this.counters.retries++;
            continue;
          }
          throw error;
        }
      }
      releaseOnce(); // the page is free while the PDF is finished here
      const { pdf, pages } = withMetadata(raw, {
        title: req.title,
        author: req.author,
        subject: req.subject,
        keywords: req.keywords,
        creator: this.options.creator,
        producer: `${this.options.creator} renderer (${this.browserVersion})`,
      });
      this.counters.renders++;
      return { pdf, pages, ms: Math.round((performance.now() - started) * 10) / 10, blocked: ctx.blocked, served: ctx.served };
    } catch (error) {
      this.counters.failures++;
      if (error instanceof RenderFailed) throw error;
      throw new RenderFailed('failed', error);
    } finally {
      releaseOnce();
    }
  }

  /**
   * What a page is given for `html`: the document with the renderer's @font-face rules, and the font files
   * those name (cores and supplements, by path under /assets/). For comparisons and inspection; render()
   * does the same.
   */
  async prepare(html: string): Promise<{ html: string; fonts: Map<string, Buffer> }> {
    await this.loadFonts();
    const ctx: RenderContext = { html, blocked: [], served: [], subsets: new Map(), documentServed: false, done: true };
    const prepared = this.withFonts(html, ctx);
    const fonts = new Map<string, Buffer>(this.faceCuts.map((f) => [f.corePath, f.core]));
    for (const [path, bytes] of ctx.subsets) fonts.set(path, bytes);
    return { html: prepared, fonts };
  }

  stats(): RendererStats {
    const gen = this.latest();
    return {
      ...this.counters,
      inFlight: this.active,
      queued: this.waiting.length,
      pages: this.options.pages,
      generation: this.generationCount,
      rendersThisBrowser: gen?.started ?? 0,
      rssMb: gen && !gen.dead ? treeRssMb(gen.pid) : null,
      browserPid: gen && !gen.dead ? gen.pid : null,
      averageMs: this.averageMs === null ? null : Math.round(this.averageMs),
    };
  }

  /** Faces that could not be read (their URLs are then blocked like any unknown asset). */
  missingFonts(): string[] {
    return [...this.fontErrors];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new RenderFailed('closed'));
    if (this.active > 0) {
      await Promise.race([new Promise<void>((resolve) => (this.idle = resolve)), sleep(this.options.timeoutMs)]);
    }
    const launching = this.current;
    this.current = undefined;
    if (launching) await launching.catch(() => undefined);
    await Promise.all([...this.generations].map((gen) => this.closeGeneration(gen)));
  }

  // ── admission: `pages` renders at once, `queueLimit` waiting ────────────────────────────────────

  private async admit(): Promise<void> {
    if (this.active < this.options.pages && this.waiting.length === 0) {
      this.active++;
      return;
    }
    if (this.waiting.length >= this.options.queueLimit) {
      this.counters.rejected++;
      throw new RendererBusy(this.retryAfterSeconds(), this.waiting.length);
    }
    await new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Hands the place to the first waiter, if any. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next.resolve();
    else {
      this.active--;
      if (this.active === 0) this.idle?.();
    }
  }

  private retryAfterSeconds(): number {
    const perRender = this.averageMs ?? 1000;
    return Math.max(1, Math.ceil(((this.waiting.length + this.active) * perRender) / this.options.pages / 1000));
  }

  // ── browsers ───────────────────────────────────────────────────────────────────────────────────

  private latest(): Generation | undefined {
    let latest: Generation | undefined;
    for (const gen of this.generations) if (!latest || gen.id > latest.id) latest = gen;
    return latest;
  }

  /** The browser taking new renders, launched when there is none. */
  private async generation(): Promise<Generation> {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!this.current) {
        const launching = this.launch();
        this.current = launching;
        launching.catch(() => {
          if (this.current === launching) this.current = undefined;
        });
      }
      const gen = await this.current;
      // A browser killed a moment ago may not have reported its disconnection yet.
      const child = gen.browser.process();
      if (!gen.dead && (!gen.browser.connected || child?.exitCode != null || child?.signalCode != null)) this.onDisconnected(gen);
      if (!gen.dead && !gen.draining) return gen;
      if (this.current && (await this.current) === gen) this.current = undefined;
    }
    throw new RenderFailed('crashed');
  }

  private async launch(): Promise<Generation> {
    if (this.closed) throw new RenderFailed('closed');
    const browser = await puppeteer.launch({
      executablePath: this.options.executablePath,
      headless: true,
      pipe: true,
      args: [...CHROMIUM_ARGS, ...this.options.args],
      timeout: this.options.launchTimeoutMs,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const gen: Generation = {
      id: ++this.generationCount,
      browser,
      pid: browser.process()?.pid ?? null,
      slots: [],
      started: 0,
      inFlight: 0,
      draining: false,
      closing: false,
      dead: false,
      rssCheckedAt: 0,
    };
    this.generations.add(gen);
    browser.on('disconnected', () => this.onDisconnected(gen));
    try {
      this.browserVersion = await browser.version();
      const [first] = await browser.pages();
      gen.slots = Array.from({ length: this.options.pages }, (_, i) => ({ busy: false, ready: this.openPage(gen, i === 0 ? first : undefined) }));
      await Promise.all(gen.slots.map((s) => s.ready));
    } catch (error) {
      await this.closeGeneration(gen);
      throw error;
    }
    if (this.closed) {
      await this.closeGeneration(gen);
      throw new RenderFailed('closed');
    }
    return gen;
  }

  private onDisconnected(gen: Generation) {
    if (gen.dead) return;
    gen.dead = true;
    if (!gen.closing) {
      this.counters.restarts++;
      // What is left of a browser that died (zygote, renderers) still holds its pipes: end it now rather
      // than when those processes notice, which keeps this process from exiting for ~20 s.
      killGroup(gen.pid);
    }
    this.generations.delete(gen);
    for (const slot of gen.slots) {
      slot.ready?.then((state) => state.ctx?.crashed?.(new Error('browser disconnected'))).catch(() => undefined);
    }
    // The next render launches a new browser (generation() sees `dead`).
  }

  /** Stops giving `gen` new renders, starts its successor, closes it once its renders are done. */
  private retire(gen: Generation) {
    if (gen.draining || gen.dead) return;
    gen.draining = true;
    this.counters.recycles++;
    const successor = this.launch();
    this.current = successor;
    successor.catch(() => {
      if (this.current === successor) this.current = undefined;
    });
    if (gen.inFlight === 0) void this.closeGeneration(gen);
  }

  private async closeGeneration(gen: Generation): Promise<void> {
    gen.closing = true;
    gen.draining = true;
    if (!gen.dead) {
      try {
        await Promise.race([gen.browser.close(), sleep(5_000).then(() => Promise.reject(new Error('close timed out')))]);
      } catch {
        killGroup(gen.pid);
      }
    }
    gen.dead = true;
    this.generations.delete(gen);
  }

  private async openPage(gen: Generation, existing?: Page): Promise<PageState> {
    const page = existing ?? (await gen.browser.newPage());
    const state: PageState = { page, shown: 0 };
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    // Interception turns the browser's cache off unless asked; the cores and supplements are immutable.
    await page.setCacheEnabled(true);
    page.on('request', (request) => this.onRequest(state, request));
    page.on('console', (message) => this.onConsole(state, message));
    page.on('error', (error) => state.ctx?.crashed?.(error)); // the renderer process crashed
    return state;
  }

  /**
   * After a timeout or a crash the page may still be busy: it is closed, and the slot's next render
   * opens a new one (not now: a page being opened while close() shuts the browser leaves Puppeteer's
   * 30 s target wait running, which keeps the process alive).
   */
  private dropPage(slot: Slot, old: PageState) {
    old.ctx = undefined;
    slot.ready = undefined;
    void old.page.close().catch(() => undefined);
  }

  // ── one render on one page ─────────────────────────────────────────────────────────────────────

  private async renderOnPage(ctx: RenderContext): Promise<Uint8Array> {
    const gen = await this.generation();
    const slot = gen.slots.find((s) => !s.busy);
    if (!slot) throw new RenderFailed('failed', new Error('no free page: admission and pool disagree'));
    slot.busy = true;
    gen.inFlight++;
    gen.started++;
    if (gen.started >= this.options.maxRendersPerBrowser) this.retire(gen);
    const pageStarted = performance.now();
    let state: PageState | undefined;
    let timer: NodeJS.Timeout | undefined;
    let failed = false;
    try {
      if (!slot.ready) {
        const opening = this.openPage(gen);
        slot.ready = opening;
        opening.catch(() => {
          if (slot.ready === opening) slot.ready = undefined;
        });
      }
      state = await slot.ready;
      state.ctx = ctx;
      const crashed = new Promise<never>((_, reject) => (ctx.crashed = reject));
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new RenderFailed('timeout', undefined, this.options.timeoutMs)), this.options.timeoutMs);
      });
      const work = this.print(state, ctx);
      work.catch(() => undefined);
      crashed.catch(() => undefined);
      return await Promise.race([work, timeout, crashed]);
    } catch (error) {
      failed = true;
      if (error instanceof RenderFailed && error.reason === 'timeout') this.counters.timeouts++;
      if (error instanceof RenderFailed) throw error;
      throw new RenderFailed(gen.dead ? 'crashed' : 'failed', error);
    } finally {
      clearTimeout(timer);
      ctx.done = true;
      if (state) {
        if (failed && !gen.dead) this.dropPage(slot, state);
        else state.ctx = undefined;
      }
      slot.busy = false;
      gen.inFlight--;
      if (!failed) {
        const ms = performance.now() - pageStarted;
        this.averageMs = this.averageMs === null ? ms : this.averageMs * 0.9 + ms * 0.1;
      }
      this.checkMemory(gen);
      if (gen.draining && gen.inFlight === 0 && !gen.closing) void this.closeGeneration(gen);
    }
  }

  private async print(state: PageState, ctx: RenderContext): Promise<Uint8Array> {
    const page = state.page;
    if (state.shown === 0 || state.shown >= this.options.navigateEvery) {
      state.shown = 0;
      const response = await page.goto(DOCUMENT_URL, { waitUntil: 'load', timeout: 0 });
      if (!response || response.status() !== 200) throw new Error(`document not loaded (${response?.status() ?? 'no response'})`);
    } else {
      // In place: the URL (and so the origin its assets are asked from) stays DOCUMENT_URL.
      ctx.documentServed = true;
      ctx.served.push(DOCUMENT_URL);
      await page.setContent(ctx.html, { waitUntil: 'load', timeout: 0 });
    }
    state.shown++;
    return page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, tagged: this.options.tagged, timeout: 0 });
  }

  /** At most every 2 s (a look costs ~7 ms of /proc reads): replace the browser when its process tree is above the ceiling. */
  private checkMemory(gen: Generation) {
    if (gen.draining || gen.dead) return;
    const now = performance.now();
    if (gen.rssCheckedAt && now - gen.rssCheckedAt < 2000) return;
    gen.rssCheckedAt = now;
    const rss = treeRssMb(gen.pid);
    if (rss !== null && rss > this.options.maxBrowserRssMb) this.retire(gen);
  }

  // ── interception ───────────────────────────────────────────────────────────────────────────────

  private onRequest(state: PageState, request: HTTPRequest) {
    if (request.isInterceptResolutionHandled()) return;
    try {
      this.intercept(state, request);
    } catch {
      // e.g. a malformed %-escape in an asset URL: refused like anything unknown
      state.ctx?.blocked.push({ url: shorten(request.url()), type: request.resourceType() });
      if (!request.isInterceptResolutionHandled()) void request.abort('blockedbyclient').catch(() => undefined);
    }
  }

  private intercept(state: PageState, request: HTTPRequest) {
    const ctx = state.ctx;
    const url = request.url();
    if (!ctx || ctx.done) {
      // Between renders: a late request of the previous document.
      void request.abort('blockedbyclient').catch(() => undefined);
      return;
    }
    if (url === DOCUMENT_URL && !ctx.documentServed && request.isNavigationRequest() && request.frame() === state.page.mainFrame()) {
      ctx.documentServed = true;
      ctx.served.push(url);
      void request
        .respond({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'cache-control': 'no-store' }, body: ctx.html })
        .catch(() => undefined);
      return;
    }
    if (url.startsWith(ASSET_URL) && request.method() === 'GET') {
      const asset = this.asset(decodeURIComponent(new URL(url).pathname.slice('/assets/'.length)), ctx);
      if (asset) {
        ctx.served.push(url);
        void request
          .respond({ status: 200, contentType: asset.contentType, headers: { 'cache-control': asset.cacheControl ?? 'no-store' }, body: asset.bytes })
          .catch(() => undefined);
        return;
      }
    }
    if (url === FAVICON && request.resourceType() === 'other') {
      // Asked for by the browser for its tab, not by the document.
      void request.abort('blockedbyclient').catch(() => undefined);
      return;
    }
    ctx.blocked.push({ url: shorten(url), type: request.resourceType() });
    if (request.isNavigationRequest()) {
      // An aborted navigation would put an error page in place of the document (<meta http-equiv=refresh>,
      // a frame); 204 No Content leaves the document where it is.
      void request.respond({ status: 204, body: '' }).catch(() => undefined);
    } else {
      void request.abort('blockedbyclient').catch(() => undefined);
    }
  }

  private onConsole(state: PageState, message: ConsoleMessage) {
    const ctx = state.ctx;
    if (!ctx || ctx.done) return;
    const refused = LOCAL_RESOURCE.exec(message.text());
    if (refused) ctx.blocked.push({ url: shorten(refused[1]), type: 'local-resource' });
  }

  private asset(path: string, ctx: RenderContext): { contentType: string; bytes: Buffer; cacheControl?: string } | undefined {
    const face = this.faces.get(path);
    if (face) {
      // The face's own URL, named by the document's CSS: a subset for this document alone.
      let bytes = ctx.subsets.get(path);
      if (!bytes) {
        if (this.options.subsetFonts) {
          ctx.codePoints ??= codePointsOf(ctx.html, new Set([...BASE_CODE_POINTS, ...this.assetCodePoints]));
          bytes = face.subset(ctx.codePoints);
        } else {
          bytes = this.fullFaces.get(path) ?? face.full();
          this.fullFaces.set(path, bytes);
        }
        ctx.subsets.set(path, bytes);
      }
      return { contentType: 'font/ttf', bytes };
    }
    // A core or a supplement: content-addressed, so the browser may keep it.
    const cut = ctx.subsets.get(path) ?? this.fontFiles.get(path);
    if (cut) return { contentType: 'font/ttf', bytes: cut, cacheControl: CACHED };
    return this.assets.get(path);
  }

  private loadFonts(): Promise<void> {
    this.fontsLoaded ??= Promise.all(
      this.options.fonts.map(async (source) => {
        try {
          this.faces.set(source.path, await loadFace(source));
        } catch (error) {
          this.fontErrors.push(`${source.file}: ${(error as Error).message}`);
        }
      }),
    ).then(() => this.cutCores());
    return this.fontsLoaded;
  }

  /** The core subset of every face, addressed by its content (a new core is never mistaken for a cached one). */
  private cutCores() {
    const wanted = new Set([...BASE_CODE_POINTS, ...this.assetCodePoints, ...this.options.coreCodePoints]);
    this.faceCuts = [];
    for (const source of this.options.fonts) {
      const face = this.faces.get(source.path);
      if (!face) continue;
      const core = face.subset(wanted);
      const stem = source.path.replace(/\.ttf$/, '');
      const corePath = `${stem}.core-${digest(core)}.ttf`;
      this.fontFiles.set(corePath, core);
      this.faceCuts.push({ source, face, stem, corePath, core, coreCodePoints: new Set([...wanted].filter((c) => face.has(c))) });
    }
    this.fontCss = this.faceCuts
      .map((f) => `@font-face { font-family: ${f.source.family}; src: url(${ASSET_URL}${f.corePath}) format('truetype'); font-weight: 100 900; font-style: normal; }`)
      .join('\n');
  }

  /**
   * The document with the renderer's @font-face rules first in its <head>: each face's core, then, for the
   * document's characters the core lacks, a supplement restricted to them by unicode-range (checked first).
   */
  private withFonts(html: string, ctx: RenderContext): string {
    if (this.faceCuts.length === 0) return html;
    ctx.codePoints ??= codePointsOf(html, new Set([...BASE_CODE_POINTS, ...this.assetCodePoints]));
    const rules = [this.fontCss];
    for (const f of this.faceCuts) {
      const extra = [...ctx.codePoints].filter((c) => !f.coreCodePoints.has(c) && f.face.has(c)).sort((a, b) => a - b);
      if (extra.length === 0) continue;
      const path = `${f.stem}.x-${digest(extra.join(','))}.ttf`;
      let bytes = this.fontFiles.get(path);
      if (bytes) {
        this.fontFiles.delete(path); // most recently used: to the end
      } else {
        bytes = f.face.subset(extra);
        if (++this.supplementCount > SUPPLEMENT_CACHE) {
          const oldest = [...this.fontFiles.keys()].find((p) => p.includes('.x-'));
          if (oldest) this.fontFiles.delete(oldest);
          this.supplementCount--;
        }
      }
      this.fontFiles.set(path, bytes);
      ctx.subsets.set(path, bytes);
      rules.push(`@font-face { font-family: ${f.source.family}; src: url(${ASSET_URL}${path}) format('truetype'); font-weight: 100 900; font-style: normal; unicode-range: ${unicodeRange(extra)}; }`);
    }
    const style = `<style>\n${rules.join('\n')}\n</style>`;
    const head = /<head(?:\s[^>]*)?>/i.exec(html);
    return head ? `${html.slice(0, head.index + head[0].length)}${style}${html.slice(head.index + head[0].length)}` : `${style}${html}`;
  }
}

const digest = (data: Buffer | string) => createHash('sha256').update(data).digest('hex').slice(0, 16);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

/** data: URLs of images can be long: the log keeps their first 200 characters. */
const shorten = (url: string) => (url.length > 200 ? `${url.slice(0, 200)}…` : url);

/** Puppeteer starts Chromium as the leader of its own process group: SIGKILL to the group ends the whole tree. */
function killGroup(pid: number | null) {
  if (!pid || process.platform === 'win32') return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
