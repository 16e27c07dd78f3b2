import { readdirSync, readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import Handlebars from 'handlebars';
import { projectPath } from '../../config/project-root.js';
import { DASHBOARD_CSP } from '../dashboard.controller.js';
import { WebAssets } from '../web-assets.js';
import { daysText, DICTIONARY, LANG_COOKIE, type Lang, type MessageKey } from './i18n.js';

/** A view: the stem of a file web/pages/<name>.hbs (all read at start; an unknown name fails the render). */
export type ViewName = string;

/** What the layout shows of the signed-in user; absent on the sign-in and error pages before sign-in. */
export interface PageUser {
  name: string;
  roleLabel: string;
  /** The sign-out form's CSRF token (also every form's on the page). */
  csrf: string;
  /** The role's pages, the current one marked. */
  nav: { href: string; key: MessageKey; current: boolean }[];
}

const YEAR_SECONDS = 365 * 24 * 3600;

function dayOf(value: unknown): string {
  if (value instanceof Date) return value.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  if (typeof value !== 'string') return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? value : at.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

/**
 * Renders the pages: one Handlebars layout (header with the service name, the user and sign-out, a skip
 * link, main) around a view; strings from the dictionary in the request's language. The policy is the
 * dashboard's: own scripts and styles only, forms posted only here.
 */
@Injectable()
export class PageRenderer {
  private readonly hbs = Handlebars.create();
  private readonly layout: Handlebars.TemplateDelegate;
  private readonly views = new Map<ViewName, Handlebars.TemplateDelegate>();

  constructor(@Inject(WebAssets) private readonly assets: WebAssets) {
    this.hbs.registerHelper('t', (key: MessageKey, options: Handlebars.HelperOptions) => {
      const entry = DICTIONARY[key];
      if (!entry) throw new Error(`no string ${key} in the pages' dictionary`);
      return entry[options.data.root.lang as Lang];
    });
    // A {zh, en} label of the case data, in the page's language.
    this.hbs.registerHelper('l', (label: { zh: string; en: string } | undefined, options: Handlebars.HelperOptions) => label?.[options.data.root.lang as Lang] ?? '');
    this.hbs.registerHelper('days', (days: number, options: Handlebars.HelperOptions) => daysText(options.data.root.lang, days));
    this.hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    // An ISO date or timestamp as the day (YYYY-MM-DD), China time for timestamps.
    this.hbs.registerHelper('day', (value: unknown) => dayOf(value));
    const dir = projectPath('web/pages');
    const read = (file: string) => this.hbs.compile(readFileSync(`${dir}/${file}`, 'utf8'), { strict: false });
    // Partials (web/pages/partials/<name>.hbs) are shared by the views: {{> name}}.
    for (const file of readdirSync(`${dir}/partials`).filter((f) => f.endsWith('.hbs'))) {
      this.hbs.registerPartial(file.slice(0, -4), readFileSync(`${dir}/partials/${file}`, 'utf8'));
    }
    this.layout = read('layout.hbs');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.hbs') && f !== 'layout.hbs')) this.views.set(file.slice(0, -4), read(file));
  }

  /** The request's language: `?lang=` (remembered in a cookie), else the cookie, else Chinese. */
  langOf(req: Request, res: Response): Lang {
    const asked = req.query.lang;
    if (asked === 'zh' || asked === 'en') {
      res.cookie(LANG_COOKIE, asked, { path: '/', sameSite: 'lax', httpOnly: true, secure: req.secure, maxAge: YEAR_SECONDS * 1000 });
      return asked;
    }
    const kept = /(?:^|;\s*)lang=(zh|en)(?:;|$)/.exec(req.headers.cookie ?? '');
    return (kept?.[1] as Lang | undefined) ?? 'zh';
  }

  /**
   * `framesSelf`: the page may frame this service's own responses (the case page's PDF preview); every other
   * page frames nothing (default-src 'none').
   */
  render(req: Request, res: Response, status: number, view: ViewName, context: { lang: Lang; title: string; user?: PageUser; framesSelf?: boolean; [key: string]: unknown }) {
    const switchTo: Lang = context.lang === 'zh' ? 'en' : 'zh';
    const url = new URL(req.originalUrl, 'http://x');
    url.searchParams.set('lang', switchTo);
    const root = {
      ...context,
      htmlLang: context.lang === 'zh' ? 'zh-CN' : 'en',
      switchHref: `${url.pathname}${url.search}`,
      switchLang: switchTo === 'zh' ? 'zh-CN' : 'en',
      css: this.assets.url('pages.css'),
      areaCss: (['case.css', 'workspace.css', 'filings.css', 'federation.css'] as const).map((name) => this.assets.url(name)),
      icon: this.assets.url('icon.svg'),
    };
    const template = this.views.get(view);
    if (!template) throw new Error(`no view web/pages/${view}.hbs`);
    const body = template(root);
    res
      .status(status)
      .set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': context.framesSelf ? `${DASHBOARD_CSP}; frame-src 'self'` : DASHBOARD_CSP, Vary: 'Cookie' })
      .send(this.layout({ ...root, body }));
  }
}
