import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { Ajv, type ValidateFunction } from 'ajv';
import Handlebars from 'handlebars';
import { projectPath } from '../../config/project-root.js';
import type { FieldViolation } from '../../common/errors/domain-error.js';
import { documentTitle } from './document-title.js';
import { isInertSvg } from './inert-svg.js';
import { schemaViolations } from './schema-violations.js';
import { TemplateDataInvalid, TemplateNotFound } from './template-errors.js';
import { parseIsoDate, registerTemplateHelpers, TEMPLATE_HELPERS } from './template-helpers.js';

// The documents' templates: templates/documents/<id>.json (id, version, titles, layout, the JSON Schema
// of its variables, a sample) beside <id>.hbs, the layouts and partials, and the print CSS. Everything
// is read and compiled once, in its own Handlebars environment (strict: a variable the template names
// must exist; Handlebars 4's defaults keep prototype properties and methods out of reach). Data is
// validated against the template's schema before it is rendered, and the page returned is whole: the
// CSS inline, nothing to fetch, no script.

/** Overrides the templates directory (tests); the project's templates/ otherwise. */
export const TEMPLATES_DIR = Symbol('TEMPLATES_DIR');

export const LAYOUTS = ['letter', 'contract'] as const;
export type Layout = (typeof LAYOUTS)[number];

export interface TemplateSummary {
  id: string;
  version: number;
  title_zh: string;
  title_en: string;
  layout: Layout;
}

export interface TemplateDefinition extends TemplateSummary {
  schema: Record<string, unknown>;
  sample: Record<string, unknown>;
}

export interface RenderedDocument {
  html: string;
  template: { id: string; version: number };
  /** The document's title (its <title>; the PDF's Title). */
  title: string;
  /** What kind of document it is (the template's Chinese title; the PDF's Subject). */
  subject: string;
}

interface Entry {
  definition: TemplateDefinition;
  validate: ValidateFunction;
  template: HandlebarsTemplateDelegate;
  css: string;
}

/** The single unescaped expression the templates may hold: an SVG the service draws itself, checked by `x-inert-svg`. */
const ALLOWED_RAW = '{{{verification.qrSvg}}}';

// Defence in depth behind the escaping and the renderer's request interception: the page itself may
// run nothing, frame nothing, submit nothing and load images only from its own origin or data: URLs. Fonts and styles
// are left to the renderer, which declares the font faces.
const CSP = "script-src 'none'; object-src 'none'; frame-src 'none'; child-src 'none'; worker-src 'none'; connect-src 'none'; media-src 'none'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

const escapeHtml = (s: string) => Handlebars.Utils.escapeExpression(s);

class TemplateLoadError extends Error {
  constructor(file: string, problem: string) {
    super(`templates: ${file}: ${problem}`);
  }
}

function readText(file: string): string {
  return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
}

function filesIn(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => join(dir, f));
}

/** Template sources may not run script nor print raw values, but for the one allowed QR drawing. */
function checkSource(file: string, source: string): void {
  if (/<\s*script/i.test(source)) throw new TemplateLoadError(file, 'templates may not contain <script>');
  if (/\bon[a-z]+\s*=/i.test(source.replace(/\{\{[\s\S]*?\}\}/g, ''))) throw new TemplateLoadError(file, 'templates may not contain event handler attributes');
  const raw = source.match(/\{\{\{[\s\S]*?\}\}\}|\{\{~?\s*&[\s\S]*?\}\}/g) ?? [];
  for (const expression of raw) {
    if (expression !== ALLOWED_RAW) throw new TemplateLoadError(file, `unescaped expression ${expression}: only ${ALLOWED_RAW} is allowed`);
  }
}

function checkCss(file: string, css: string): void {
  if (/<\/?\s*style/i.test(css)) throw new TemplateLoadError(file, 'CSS may not close its <style> element');
  if (/@import|url\s*\(|expression\s*\(/i.test(css)) throw new TemplateLoadError(file, 'CSS may not fetch anything (no @import, no url()): the renderer declares the fonts');
}

function createAjv(): Ajv {
  // strictRequired off: the if/then of a schema require properties that are defined beside them, not inside.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false });
  ajv.addFormat('date', { type: 'string', validate: (s: string) => parseIsoDate(s) !== undefined });
  ajv.addKeyword({ keyword: 'x-inert-svg', type: 'string', schemaType: 'boolean', errors: false, validate: (on: boolean, data: unknown) => !on || isInertSvg(data) });
  return ajv;
}

function asDefinition(file: string, value: unknown): TemplateDefinition {
  const d = value as Partial<TemplateDefinition>;
  const id = basename(file, '.json');
  if (!d || typeof d !== 'object') throw new TemplateLoadError(file, 'not an object');
  if (d.id !== id) throw new TemplateLoadError(file, `id ${JSON.stringify(d.id)} differs from the file name ${id}`);
  if (!Number.isInteger(d.version) || (d.version as number) < 1) throw new TemplateLoadError(file, 'version must be a positive integer');
  if (typeof d.title_zh !== 'string' || !d.title_zh || typeof d.title_en !== 'string' || !d.title_en) throw new TemplateLoadError(file, 'title_zh and title_en are required');
  if (!LAYOUTS.includes(d.layout as Layout)) throw new TemplateLoadError(file, `layout must be one of ${LAYOUTS.join(', ')}`);
  const schema = d.schema as Record<string, unknown> | undefined;
  if (!schema || schema.type !== 'object' || schema.additionalProperties !== false) throw new TemplateLoadError(file, 'schema must describe an object with additionalProperties false');
  if (schema.$schema !== 'http://json-schema.org/draft-07/schema#') throw new TemplateLoadError(file, 'schema must declare JSON Schema draft-07');
  if (!d.sample || typeof d.sample !== 'object') throw new TemplateLoadError(file, 'sample is required');
  return d as TemplateDefinition;
}

@Injectable()
export class TemplateRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly hbs = Handlebars.create();
  private readonly ajv = createAjv();

  constructor(@Optional() @Inject(TEMPLATES_DIR) dir?: string) {
    this.load(dir ?? projectPath('templates'));
  }

  /** Every template, by id. */
  list(): TemplateSummary[] {
    return [...this.entries.values()].map(({ definition: { id, version, title_zh, title_en, layout } }) => ({ id, version, title_zh, title_en, layout }));
  }

  /** One template with its schema and sample; 404 when unknown. */
  get(id: string): TemplateDefinition {
    return structuredClone(this.entry(id).definition);
  }

  /** The problems of `data` against the template's schema (none: it renders). */
  validate(id: string, data: unknown): FieldViolation[] {
    const { validate } = this.entry(id);
    return validate(data) ? [] : schemaViolations(validate.errors);
  }

  /** The whole HTML page of the document; 422 (TemplateDataInvalid) listing every problem of the data first. */
  render(id: string, data: Record<string, unknown>): RenderedDocument {
    const entry = this.entry(id);
    const problems = this.validate(id, data);
    if (problems.length) throw new TemplateDataInvalid(id, problems);
    const { version, title_zh, layout } = entry.definition;
    const title = documentTitle(title_zh, data);
    const body = entry.template(data, { data: { documentTitle: title, templateId: id, templateVersion: version } });
    const html = [
      '<!doctype html>',
      '<html lang="zh-CN">',
      '<head>',
      '<meta charset="utf-8">',
      `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
      `<title>${escapeHtml(title)}</title>`,
      `<meta name="description" content="${escapeHtml(title_zh)}">`,
      `<meta name="generator" content="${escapeHtml(`${id}@${version}`)}">`,
      `<style>\n${entry.css}</style>`,
      '</head>',
      `<body class="layout-${layout} doc-${id}">`,
      body.trim(),
      '</body>',
      '</html>',
      '',
    ].join('\n');
    return { html, template: { id, version }, title, subject: title_zh };
  }

  private entry(id: string): Entry {
    const entry = typeof id === 'string' ? this.entries.get(id) : undefined;
    if (!entry) throw new TemplateNotFound(String(id));
    return entry;
  }

  private load(root: string): void {
    registerTemplateHelpers(this.hbs);
    const knownHelpers = Object.fromEntries(Object.keys(TEMPLATE_HELPERS).map((name) => [name, true]));

    const baseCss = join(root, 'css', 'base.css');
    const css = new Map<Layout, string>();
    for (const layout of LAYOUTS) {
      const files = [baseCss, join(root, 'css', `${layout}.css`)];
      const text = files
        .map((file) => {
          if (!existsSync(file)) throw new TemplateLoadError(file, 'missing');
          const content = readText(file);
          checkCss(file, content);
          return content;
        })
        .join('\n');
      css.set(layout, text);
    }

    for (const file of filesIn(join(root, 'partials'), '.hbs')) {
      const source = readText(file);
      checkSource(file, source);
      this.hbs.registerPartial(basename(file, '.hbs'), source);
    }
    for (const layout of LAYOUTS) {
      const file = join(root, 'layouts', `${layout}.hbs`);
      if (!existsSync(file)) throw new TemplateLoadError(file, 'missing');
      const source = readText(file);
      checkSource(file, source);
      this.hbs.registerPartial(`layouts/${layout}`, source);
    }

    for (const file of filesIn(join(root, 'documents'), '.json')) {
      const definition = asDefinition(file, JSON.parse(readText(file)));
      const hbsFile = file.replace(/\.json$/, '.hbs');
      if (!existsSync(hbsFile)) throw new TemplateLoadError(hbsFile, 'missing');
      const source = readText(hbsFile);
      checkSource(hbsFile, source);
      if (definition.layout === 'contract') {
        const qr = (definition.schema as { properties?: { verification?: { properties?: { qrSvg?: Record<string, unknown> } } } }).properties?.verification?.properties?.qrSvg;
        if (qr?.['x-inert-svg'] !== true) throw new TemplateLoadError(file, 'the contract layout prints verification.qrSvg unescaped: its schema must check it with "x-inert-svg": true');
      }
      let validate: ValidateFunction;
      try {
        validate = this.ajv.compile(definition.schema);
      } catch (e) {
        throw new TemplateLoadError(file, `schema: ${(e as Error).message}`);
      }
      if (!validate(definition.sample)) {
        throw new TemplateLoadError(file, `sample does not match the schema: ${schemaViolations(validate.errors).map((v) => v.message_en).join('; ')}`);
      }
      // The layout wraps the document's own source, so its inline partials ({{#*inline "appendix"}}) reach the layout.
      const wrapped = `{{#> layouts/${definition.layout}}}${source}{{/layouts/${definition.layout}}}`;
      let template: HandlebarsTemplateDelegate;
      try {
        template = this.hbs.compile(wrapped, { strict: true, knownHelpersOnly: true, knownHelpers, preventIndent: true });
        // Compiles now (Handlebars compiles on first use) and proves the template against its own sample:
        // an unknown helper or a variable the schema does not provide stops the service at start.
        template(definition.sample, { data: { documentTitle: documentTitle(definition.title_zh, definition.sample), templateId: definition.id, templateVersion: definition.version } });
      } catch (e) {
        throw new TemplateLoadError(hbsFile, (e as Error).message);
      }
      this.entries.set(definition.id, { definition, validate, template, css: css.get(definition.layout)! });
    }
  }
}
