import { ASSET_URL } from './renderer/puppeteer-pdf-renderer.js';

// The three faces the templates' CSS names (cb-song, cb-kai, cb-hei), as the renderer serves them: TrueType subsets
// of the system's AR PL UMing CN, AR PL UKai CN and WenQuanYi Zen Hei (see renderer/font-assets.ts). The templates
// themselves may not load anything (their CSS is refused with url()), so the service adds these declarations.
// One weight each, declared for every weight: no face is ever synthesized bold (that would print Type 3 glyphs).
const FACES: [family: string, file: string][] = [
  ['cb-song', 'fonts/uming.ttf'],
  ['cb-kai', 'fonts/ukai.ttf'],
  ['cb-hei', 'fonts/wqy-zenhei.ttf'],
];

export const FONT_FACE_CSS = FACES.map(([family, file]) => `@font-face { font-family: ${family}; src: url(${ASSET_URL}${file}) format('truetype'); font-weight: 100 900; font-style: normal; }`).join('\n');

/** The page with the renderer's font declarations placed before its own styles. */
export function withDocumentFonts(html: string): string {
  const at = html.indexOf('<style>');
  if (at < 0) throw new Error('a rendered template always has its <style>');
  return `${html.slice(0, at)}<style>\n${FONT_FACE_CSS}\n</style>\n${html.slice(at)}`;
}
