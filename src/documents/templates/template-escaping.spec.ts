import { describe, expect, it } from '@jest/globals';
import QRCode from 'qrcode';
import { TemplateDataInvalid } from './template-errors.js';
import { TemplateRegistry } from './template-registry.js';

// Hostile data reaches the templates as text: it must come out escaped and inert, whatever field it is
// put in. Keys that could reach a prototype are refused before rendering.

const registry = new TemplateRegistry();

// Each hostile piece and how it must read in the page (Handlebars escapes & < > " ' ` =).
const HOSTILE: [string, string][] = [
  ['<img src="file:///etc/passwd">', '&lt;img src&#x3D;&quot;file:///etc/passwd&quot;&gt;'],
  ['<iframe src="http://127.0.0.1:9/"></iframe>', '&lt;iframe src&#x3D;&quot;http://127.0.0.1:9/&quot;&gt;&lt;/iframe&gt;'],
  ['<script>document.title="x"</script>', '&lt;script&gt;document.title&#x3D;&quot;x&quot;&lt;/script&gt;'],
  ['<link rel="stylesheet" href="http://127.0.0.1:8080/x.css">', '&lt;link rel&#x3D;&quot;stylesheet&quot; href&#x3D;&quot;http://127.0.0.1:8080/x.css&quot;&gt;'],
  ['{{constructor.constructor}}', '{{constructor.constructor}}'],
  ['{{#with this}}{{lookup this "constructor"}}{{/with}}', '{{#with this}}{{lookup this &quot;constructor&quot;}}{{/with}}'],
  ['__proto__', '__proto__'],
  ["' onmouseover='alert(1)", '&#x27; onmouseover&#x3D;&#x27;alert(1)'],
  ['<svg onload=alert(1)>', '&lt;svg onload&#x3D;alert(1)&gt;'],
];

type Schema = { type?: string; format?: string; enum?: unknown[]; pattern?: string; maxLength?: number; properties?: Record<string, Schema>; items?: Schema; 'x-inert-svg'?: boolean };

/**
 * The sample with every free-text string replaced by hostile pieces, as many as its maximum length takes,
 * each field starting at the next piece so that every piece lands somewhere (dates, enums, patterned
 * and SVG fields kept). Returns the data and the pieces used.
 */
function poison(schema: Schema, sample: unknown): { data: unknown; used: Set<number> } {
  const used = new Set<number>();
  let next = 0;
  const walk = (s: Schema, value: unknown): unknown => {
    if (typeof value === 'string') {
      const free = !s.format && !s.enum && !s['x-inert-svg'] && (!s.pattern || s.pattern === '\\S');
      if (!free) return value;
      let out = '';
      for (let k = 0; k < HOSTILE.length; k++) {
        const i = (next + k) % HOSTILE.length;
        const piece = (out ? ' ' : '') + HOSTILE[i][0];
        if (out.length + piece.length > (s.maxLength ?? Infinity)) break;
        out += piece;
        used.add(i);
      }
      next++;
      return out || value;
    }
    if (Array.isArray(value)) return value.map((v) => walk(s.items ?? {}, v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(s.properties?.[k] ?? {}, v)]));
    return value;
  };
  return { data: walk(schema, sample), used };
}

const bodyOf = (html: string) => html.slice(html.indexOf('<body'));

describe('hostile data comes out escaped and inert', () => {
  it.each(registry.list().map((t) => t.id))('%s', (id) => {
    const { schema, sample } = registry.get(id);
    const { data, used } = poison(schema as Schema, sample);
    expect(used.size).toBe(HOSTILE.length);
    const { html } = registry.render(id, data as Record<string, unknown>);
    const body = bodyOf(html);
    for (const i of used) expect(body).toContain(HOSTILE[i][1]);
    // Data is never compiled: Handlebars in it stays text, and nothing reached a constructor.
    expect(html).not.toMatch(/function Function|\[native code\]|function Object/);
    // No live markup from the data: every tag in the page is one the templates wrote.
    expect(html).not.toMatch(/<(img|iframe|script|link|object|embed|base|svg onload)\b/i);
    expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
  });

  it('in the <title> too', () => {
    const { html } = registry.render('contract-wage', { ...registry.get('contract-wage').sample, title: '</title><script>alert(1)</script>' });
    expect(html).toContain('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(html).not.toContain('<script>');
  });
});

describe('keys that could reach a prototype are refused', () => {
  it.each([
    ['top level', '{"__proto__": {"polluted": true}}', '__proto__'],
    ['nested', '{"sender": {"name": "某工会", "__proto__": {"polluted": true}}}', 'sender.__proto__'],
    ['constructor', '{"constructor": {"prototype": {"polluted": true}}}', 'constructor'],
  ])('%s', (_case, json, field) => {
    const sample = registry.get('offer-letter').sample;
    const hostile = { ...sample, ...JSON.parse(json) } as Record<string, unknown>;
    if (field === 'sender.__proto__') hostile.sender = JSON.parse(json).sender;
    let error: unknown;
    try {
      registry.render('offer-letter', hostile);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateDataInvalid);
    expect((error as TemplateDataInvalid).violations).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule: 'additionalProperties' })]));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the QR drawing, the one value printed unescaped', () => {
  const signed = () => structuredClone(registry.get('contract-wage').sample) as Record<string, unknown> & { verification: Record<string, unknown> };

  it('takes the SVG the qrcode package draws, with or without a margin', async () => {
    for (const margin of [0, 4]) {
      const data = signed();
      data.verification.qrSvg = await QRCode.toString('/api/documents/verify/abc', { type: 'svg', errorCorrectionLevel: 'M', margin });
      expect(registry.render('contract-wage', data).html).toContain(`<div class="qr">${data.verification.qrSvg}</div>`);
    }
  });

  it.each([
    '<svg onload="alert(1)"></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '<svg><foreignObject><iframe src="file:///etc/passwd"></iframe></foreignObject></svg>',
    '<svg><a href="javascript:alert(1)"><path d="M0 0h1v1H0z"/></a></svg>',
    '<svg><image href="file:///etc/passwd"/></svg>',
    '<svg><use href="http://127.0.0.1/x.svg#a"/></svg>',
    '<svg><style>@import url(http://127.0.0.1/x.css);</style></svg>',
    '<svg><path fill="url(http://127.0.0.1/x)" d="M0 0"/></svg>',
    '<svg xmlns="http://evil.example/ns"></svg>',
    '<svg></svg><img src="file:///etc/passwd">',
    '<svg><!-- --><path d="M0 0"/></svg>',
    '<img src=x>',
    'not markup at all',
  ])('refuses %s', (qrSvg) => {
    const data = signed();
    data.verification.qrSvg = qrSvg;
    let error: unknown;
    try {
      registry.render('contract-wage', data);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateDataInvalid);
    expect((error as TemplateDataInvalid).violations).toEqual([expect.objectContaining({ field: 'verification.qrSvg', rule: 'inertSvg' })]);
  });
});
