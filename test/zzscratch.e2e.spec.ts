import { afterAll, beforeAll, it } from '@jest/globals';
import { startTestApp, type TestApp } from './support/test-app.js';
let t: TestApp;
beforeAll(async () => { t = await startTestApp({ seedDemo: false }); });
afterAll(async () => { await t?.close(); });
it('dump', async () => {
  const inst = t.app.getHttpAdapter().getInstance();
  const out: string[] = [];
  out.push('keys ' + Object.keys(inst).join(','));
  for (const l of inst.router.stack) {
    out.push(`${l.name} ${l.route ? l.route.path + ' ' + JSON.stringify(l.route.methods) + ' ' + l.route.stack.map((s: any)=>s.method).join('|') : ''} matchers=${l.matchers?.length} path=${String(l.path)} ${l.regexp ?? ''} ${l.keys ? JSON.stringify(l.keys) : ''}`);
  }
  const doc = await t.http().get('/api/docs/openapi.json');
  out.push(JSON.stringify(Object.fromEntries(Object.entries(doc.body.paths).map(([p, v]: any) => [p, Object.keys(v)]))));
  console.log(out.join('\n'));
});
