/** The PdfRenderer the service uses (PuppeteerPdfRenderer by default). */
export const PDF_RENDERER = Symbol('PDF_RENDERER');
