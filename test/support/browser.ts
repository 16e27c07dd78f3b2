/// <reference lib="dom" />
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { DEMO_PASSWORD } from '../../src/database/seed/demo-organisations.js';
import type { TestApp } from './test-app.js';

// Chromium driven through the pages as a person would: one browser context per signed-in role, every
// console error, page error, failed request, 4xx/5xx answer and request to another origin recorded as a
// problem (a test ends with none, or with exactly those it provoked), a full-page screenshot of each page
// under test-output/screenshots/<suite>/, and axe-core's accessibility check of each page.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The test app listening on a free loopback port, for a browser: its origin (http://127.0.0.1:<port>). */
export async function listenLocally(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
}

export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Screenshots of one suite, numbered in the order they were taken. */
export class Screenshots {
  readonly dir: string;
  private n = 0;

  constructor(suite: string) {
    this.dir = join(process.cwd(), 'test-output', 'screenshots', suite);
    // A run's screenshots only: none left from an earlier run under the same numbers.
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  next(name: string): string {
    this.n += 1;
    return join(this.dir, `${String(this.n).padStart(2, '0')}-${name.replace(/[^A-Za-z0-9_.-]+/g, '-')}.png`);
  }
}

/** A signed-in person in their own browser context. */
export class RolePage {
  readonly problems: string[] = [];
  /** Statuses ≥ 400 a test provokes on purpose, taken off the problems as they come (e.g. a refused form: 400). */
  private readonly expectedStatuses: number[] = [];
  /** Chromium's console line for each provoked status ("Failed to load resource: … status of 404"). */
  private readonly expectedConsole: number[] = [];

  private constructor(
    readonly page: Page,
    readonly origin: string,
    readonly username: string,
    private readonly shots: Screenshots,
  ) {
    page.on('console', (m) => {
      if (m.type() !== 'error' && m.type() !== 'warn') return;
      const status = /the server responded with a status of (\d{3})/.exec(m.text())?.[1];
      const i = status ? this.expectedConsole.indexOf(Number(status)) : -1;
      if (i >= 0) this.expectedConsole.splice(i, 1);
      else this.problems.push(`${username} console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => this.problems.push(`${username} pageerror: ${e}`));
    page.on('requestfailed', (r) => this.problems.push(`${username} requestfailed: ${r.url()} ${r.failure()?.errorText}`));
    page.on('request', (r) => {
      const url = r.url();
      // chrome:// and chrome-extension:// are the browser's own PDF viewer inside a preview frame, not the network.
      const own = /^(data:|blob:|chrome:\/\/|chrome-extension:\/\/)/.test(url) || url === 'about:blank';
      if (!url.startsWith(`${origin}/`) && !own) this.problems.push(`${username} request to another origin: ${url}`);
    });
    page.on('response', (r) => {
      if (r.status() < 400) return;
      const i = this.expectedStatuses.indexOf(r.status());
      if (i >= 0) this.expectedStatuses.splice(i, 1);
      else this.problems.push(`${username} ${r.status()} ${r.request().method()} ${r.url()}`);
    });
  }

  /** A new context (its own cookies), not signed in: `name` stands for the person in screenshots and problems. */
  static async anonymous(browser: Browser, origin: string, shots: Screenshots, name = 'anonymous'): Promise<RolePage> {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    return new RolePage(page, origin, name, shots);
  }

  /** A new context (its own cookies), signed in through the sign-in form with the keyboard. */
  static async signIn(browser: Browser, origin: string, username: string, shots: Screenshots, password = DEMO_PASSWORD): Promise<RolePage> {
    const role = await RolePage.anonymous(browser, origin, shots, username);
    const page = role.page;
    await page.goto(`${origin}/login`, { waitUntil: 'load' });
    await page.type('#username', username);
    await page.type('#password', password);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
    expect({ username, path: new URL(page.url()).pathname }).toEqual({ username, path: '/' });
    return role;
  }

  async goto(path: string): Promise<void> {
    await this.page.goto(`${this.origin}${path}`, { waitUntil: 'load' });
  }

  /** Clicks and waits for the page it leads to (a link, or a form's submit button). */
  async clickAndWait(selector: string): Promise<void> {
    await Promise.all([this.page.waitForNavigation({ waitUntil: 'load' }), this.page.click(selector)]);
  }

  /** The next answer with this status is provoked on purpose: not a problem. */
  expectStatus(status: number): void {
    this.expectedStatuses.push(status);
    this.expectedConsole.push(status);
  }

  path(): string {
    return new URL(this.page.url()).pathname;
  }

  /** A full-page screenshot under test-output/screenshots/<suite>/. */
  async screenshot(name: string): Promise<string> {
    const file = this.shots.next(`${this.username}-${name}`);
    await this.page.screenshot({ path: file as `${string}.png`, fullPage: true });
    return file;
  }

  /**
   * axe-core on the page as shown (WCAG 2.1 A and AA rules, and best practices): the violations of
   * serious or critical impact. Injected through the DevTools protocol, which the page's CSP does not govern.
   */
  async seriousViolations(): Promise<AxeViolation[]> {
    await this.page.evaluate(AXE_SOURCE);
    const violations = await this.page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
    });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  /** Screenshot, then the accessibility check: no serious or critical violation on this page. */
  async check(name: string): Promise<void> {
    await this.screenshot(name);
    expect({ page: `${this.username} ${name} ${this.path()}`, violations: await this.seriousViolations() }).toEqual({ page: `${this.username} ${name} ${this.path()}`, violations: [] });
  }

  /** No console error, failed request, unexpected 4xx/5xx or request elsewhere so far. */
  expectClean(): void {
    expect(this.problems).toEqual([]);
  }

  async close(): Promise<void> {
    await this.page.browserContext().close();
  }
}
