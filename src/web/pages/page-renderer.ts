import { readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import Handlebars from 'handlebars';
import { projectPath } from '../../config/project-root.js';
import { DASHBOARD_CSP } from '../dashboard.controller.js';
import { WebAssets } from '../web-assets.js';
import { daysText, DICTIONARY, LANG_COOKIE, type Lang, type MessageKey } from './i18n.js';

export type ViewName = 'login' | 'home' | 'case' | 'error';

/** What the layout shows of the signed-in user; absent on the sign-in and error pages before sign-in. */
export interface PageUser {
  name: string;
  roleLabel: string;
  /** The sign-out form's CSRF token. */
  csrf: string;
}

const YEAR_SECONDS = 365 * 24 * 3600;

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
    const read = (name: string) => this.hbs.compile(readFileSync(projectPath(`web/pages/${name}.hbs`), 'utf8'), { strict: false });
    this.layout = read('layout');
    for (const name of ['login', 'home', 'case', 'error'] as const) this.views.set(name, read(name));
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

  render(req: Request, res: Response, status: number, view: ViewName, context: { lang: Lang; title: string; user?: PageUser; [key: string]: unknown }) {
    const switchTo: Lang = context.lang === 'zh' ? 'en' : 'zh';
    const url = new URL(req.originalUrl, 'http://x');
    url.searchParams.set('lang', switchTo);
    const root = {
      ...context,
      htmlLang: context.lang === 'zh' ? 'zh-CN' : 'en',
      switchHref: `${url.pathname}${url.search}`,
      switchLang: switchTo === 'zh' ? 'zh-CN' : 'en',
      css: this.assets.url('pages.css'),
      icon: this.assets.url('icon.svg'),
    };
    const body = this.views.get(view)!(root);
    res
      .status(status)
      .set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': DASHBOARD_CSP, Vary: 'Cookie' })
      .send(this.layout({ ...root, body }));
  }
}
