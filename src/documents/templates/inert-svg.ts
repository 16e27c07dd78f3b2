// The one piece of markup a template prints unescaped is the verification QR code, an SVG the service
// draws itself (the `qrcode` package: <svg><path …/></svg>). It is still checked against a short
// allow-list before it reaches a page, so that a bug upstream cannot become script, a link or a fetch.

const ELEMENTS = new Set(['svg', 'path', 'rect', 'g', 'title', 'desc']);
const ATTRIBUTES = new Set(['xmlns', 'version', 'viewbox', 'width', 'height', 'x', 'y', 'd', 'fill', 'stroke', 'stroke-width', 'shape-rendering', 'transform', 'preserveaspectratio', 'role', 'aria-label']);
// Attribute values: no url() (external or internal references), no scheme, no entity tricks.
const SAFE_VALUE = /^[A-Za-z0-9 #.,\-%()]*$/;
const TAG = /<\s*(\/?)\s*([A-Za-z][\w:-]*)((?:\s+[^\s=/>]+\s*=\s*"[^"<>]*")*)\s*(\/?)\s*>/y;
const ATTRIBUTE = /\s+([^\s=/>]+)\s*=\s*"([^"<>]*)"/g;

/** True when `svg` is one <svg> element made only of allowed elements and attributes, with no text but whitespace. */
export function isInertSvg(svg: unknown): boolean {
  if (typeof svg !== 'string' || svg.length > 500_000) return false;
  const text = svg.trim();
  const stack: string[] = [];
  let pos = 0;
  let roots = 0;
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    const chunk = text.slice(pos, lt === -1 ? text.length : lt);
    if (chunk.trim() !== '' && !(stack.length && ['title', 'desc'].includes(stack[stack.length - 1]) && !/[&]/.test(chunk))) return false;
    if (lt === -1) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(text);
    if (!m) return false; // comments, CDATA, doctype, processing instructions, broken tags
    const [whole, closing, rawName, attrs, selfClosing] = m;
    const name = rawName.toLowerCase();
    if (!ELEMENTS.has(name)) return false;
    if (closing) {
      if (attrs || selfClosing || stack.pop() !== name) return false;
    } else {
      if (stack.length === 0 && (name !== 'svg' || ++roots > 1)) return false;
      for (const [, attr, value] of attrs.matchAll(ATTRIBUTE)) {
        if (!ATTRIBUTES.has(attr.toLowerCase())) return false;
        if (attr.toLowerCase() === 'xmlns' ? value !== 'http://www.w3.org/2000/svg' : !SAFE_VALUE.test(value) || /url\s*\(/i.test(value)) return false;
      }
      if (!selfClosing) stack.push(name);
    }
    pos = lt + whole.length;
  }
  return roots === 1 && stack.length === 0;
}
