import { describe, expect, it } from '@jest/globals';
import { isInertSvg } from './inert-svg.js';

describe('isInertSvg', () => {
  it('accepts drawings of paths and rectangles', () => {
    expect(isInertSvg('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 21 21" shape-rendering="crispEdges"><path fill="#ffffff" d="M0 0h21v21H0z"/><path stroke="#000000" d="M0 0.5h7m1 0h1"/></svg>')).toBe(true);
    expect(isInertSvg('  <svg viewBox="0 0 2 2">\n  <g transform="translate(1 1)"><rect x="0" y="0" width="1" height="1" fill="#000"/></g>\n</svg>\n')).toBe(true);
    expect(isInertSvg('<svg role="img" aria-label="QR"><title>验证码</title></svg>')).toBe(true);
  });

  it.each([
    ['not a string', 42],
    ['no svg root', '<path d="M0 0"/>'],
    ['two roots', '<svg></svg><svg></svg>'],
    ['text outside elements', '<svg>hello</svg>'],
    ['unclosed', '<svg><path d="M0 0">'],
    ['mismatched', '<svg><g></svg></g>'],
    ['event handler', '<svg onload="x"></svg>'],
    ['unquoted attribute', '<svg width=1></svg>'],
    ['single-quoted attribute', "<svg width='1'></svg>"],
    ['style element', '<svg><style>*{}</style></svg>'],
    ['style attribute', '<svg style="background:url(x)"></svg>'],
    ['url() in a value', '<svg><path fill="url(#a)" d="M0 0"/></svg>'],
    ['a scheme in a value', '<svg><path fill="javascript:x" d="M0 0"/></svg>'],
    ['an entity in a value', '<svg><path fill="&#106;" d="M0 0"/></svg>'],
    ['comment', '<svg><!-- x --></svg>'],
    ['CDATA', '<svg><![CDATA[x]]></svg>'],
    ['processing instruction', '<?xml version="1.0"?><svg></svg>'],
    ['doctype', '<!DOCTYPE svg><svg></svg>'],
    ['foreign namespace', '<svg xmlns="http://www.w3.org/1999/xhtml"></svg>'],
    ['xlink:href', '<svg><path xlink:href="x" d="M0"/></svg>'],
    ['entity in title', '<svg><title>&lt;</title></svg>'],
  ])('refuses %s', (_what, svg) => {
    expect(isInertSvg(svg)).toBe(false);
  });
});
