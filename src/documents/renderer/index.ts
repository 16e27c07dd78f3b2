export type { PdfRenderer, RendererStats, RenderRequest, RenderResult } from './pdf-renderer.js';
export { RenderFailed, RendererBusy, type RenderFailure } from './renderer.errors.js';
export { PuppeteerPdfRenderer, CHROMIUM_ARGS, DOCUMENT_URL, ASSET_URL, RENDERER_ORIGIN, type PuppeteerPdfRendererOptions } from './puppeteer-pdf-renderer.js';
export { DEFAULT_FONTS, BASE_CODE_POINTS, codePointsOf, unicodeRange, type FontSource } from './font-assets.js';
export { TrueTypeFace, listFaces, FontFormatError } from './sfnt.js';
export { treeRssMb, descendantsRssMb, processTree, type MemoryMeasure } from './process-tree.js';
