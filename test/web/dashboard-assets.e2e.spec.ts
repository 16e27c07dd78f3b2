import { readFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projectPath } from '../../src/config/project-root.js';
import { DASHBOARD_CSP } from '../../src/web/dashboard.controller.js';
import { acceptedEncodings } from '../../src/web/web-assets.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The dashboard's shell and assets over HTTP: public, served by the service itself, cached by hash.

let t: TestApp;
let html: string;
const urls = () => [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
const assetUrls = () => urls().filter((u) => !u.startsWith('#'));

/** The bytes as sent (supertest would decode them). */
function raw(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}
let port: number;

beforeAll(async () => {
  t = await startTestApp({ seedDemo: false });
  await t.app.listen(0, '127.0.0.1');
  port = (t.app.getHttpServer().address() as AddressInfo).port;
  html = (await t.http().get('/dashboard')).text;
});
afterAll(async () => {
  await t?.close();
});

describe('the dashboard page and its assets', () => {
  it('the page is public HTML in Chinese under a CSP of its own origin only, not cached without revalidation', async () => {
    const res = await t.http().get('/dashboard?campaign=x&region=510107');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    for (const directive of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'"]) expect(DASHBOARD_CSP).toContain(directive);
    expect(DASHBOARD_CSP).not.toMatch(/unsafe|https?:|\*/);
    expect(res.text).toContain('<html lang="zh-CN">');
    expect(res.text).toContain('<label for="username">用户名</label>');
    // No inline script, no inline style, nothing from another host.
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(res.text).not.toMatch(/\sstyle=|<style/);
    expect(urls().filter((u) => u.startsWith('#'))).toEqual(['#main']);
    expect(assetUrls().length).toBe(4);
    expect(assetUrls().every((u) => /^\/assets\/[a-z]+\.[0-9a-f]{16}\.(js|css|svg)$/.test(u))).toBe(true);
  });

  it('serves ECharts from node_modules by a hashed name, cached for a year, compressed on request, 304 on its ETag', async () => {
    const url = assetUrls().find((u) => u.startsWith('/assets/echarts.'))!;
    const original = readFileSync(projectPath('node_modules/echarts/dist/echarts.min.js'));
    const plain = await raw(url, { 'Accept-Encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/);
    expect(Buffer.compare(plain.body, original)).toBe(0);

    const br = await raw(url, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.length).toBeLessThan(original.length / 3);
    expect(Buffer.compare(brotliDecompressSync(br.body), original)).toBe(0);
    const gz = await raw(url, { 'Accept-Encoding': 'gzip, br;q=0' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(Buffer.compare(gunzipSync(gz.body), original)).toBe(0);

    const again = await raw(url, { 'If-None-Match': plain.headers.etag! });
    expect(again.status).toBe(304);
  });

  it('serves the page’s own script and style; an unknown or outdated name is a 404 problem', async () => {
    for (const [prefix, type, source] of [
      ['/assets/dashboard.', 'text/javascript; charset=utf-8', 'web/dashboard/dashboard.js'],
      ['/assets/dashboard.', 'text/css; charset=utf-8', 'web/dashboard/dashboard.css'],
      ['/assets/icon.', 'image/svg+xml', 'web/icon.svg'],
    ]) {
      const url = assetUrls().find((u) => u.startsWith(prefix) && u.endsWith(source.slice(source.lastIndexOf('.'))))!;
      const res = await raw(url, { 'Accept-Encoding': 'identity' });
      expect({ url, status: res.status, type: res.headers['content-type'] }).toEqual({ url, status: 200, type });
      expect(res.body.toString()).toBe(readFileSync(projectPath(source), 'utf8'));
    }
    for (const path of ['/assets/echarts.min.js', '/assets/dashboard.0000000000000000.js', '/assets/..%2Fpackage.json']) {
      const res = await t.http().get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('reads Accept-Encoding as RFC 9110 says (q=0 refuses a coding)', () => {
    expect([...acceptedEncodings('gzip, deflate, br')]).toEqual(['gzip', 'deflate', 'br']);
    expect([...acceptedEncodings('br;q=0, gzip;q=0.5')]).toEqual(['gzip']);
    expect([...acceptedEncodings('BR ; q=1.0')]).toEqual(['br']);
    expect([...acceptedEncodings(undefined)]).toEqual([]);
  });
});
