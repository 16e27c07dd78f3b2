// The browser behind one interface (DESIGN.md: every outside system sits behind one provider).
// The service knows `PdfRenderer`; `PuppeteerPdfRenderer` is the implementation with the system Chromium.

export interface RenderRequest {
  /** A whole HTML document. Its fonts, CSS and images must be renderer assets (http://renderer.invalid/assets/…). */
  html: string;
  title: string;
  author: string;
  subject: string;
  keywords: string[];
}

export interface RenderResult {
  pdf: Buffer;
  pages: number;
  /** Wall time of `render()`, queue included. */
  ms: number;
  /** Every request the page made that the renderer did not serve (aborted, or refused by the browser itself: file:). */
  blocked: { url: string; type: string }[];
  /** URLs the renderer answered: the document and the assets it used. */
  served: string[];
}

export interface RendererStats {
  /** Renders completed (PDF returned). */
  renders: number;
  failures: number;
  timeouts: number;
  /** Renders refused because the queue was full (RendererBusy). */
  rejected: number;
  /** Renders run a second time because the browser died under them. */
  retries: number;
  inFlight: number;
  /** Renders waiting for a page. */
  queued: number;
  pages: number;
  /** Browsers launched so far (1 after the first launch). */
  generation: number;
  /** Relaunches after a crash or disconnect. */
  restarts: number;
  /** Planned replacements (render count or memory ceiling). */
  recycles: number;
  rendersThisBrowser: number;
  /** Memory of the current browser's process tree, MB: private resident (Σ RssAnon + RssShmem of all its processes); null when none runs. */
  rssMb: number | null;
  browserPid: number | null;
  /** Mean of the last renders, ms (used for Retry-After). */
  averageMs: number | null;
}

export interface PdfRenderer {
  render(req: RenderRequest): Promise<RenderResult>;
  stats(): RendererStats;
  close(): Promise<void>;
}
