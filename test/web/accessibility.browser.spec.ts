import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'puppeteer-core';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { samplePayload } from '../../src/database/seed/procedure-samples.js';
import { as, today } from '../engine/engine-helpers.js';
import { launchChromium, listenLocally, RolePage, Screenshots } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// axe-core over the pages every role opens (its home, a case it may see, the English switch, the sign-in
// and error pages): no serious or critical violation, no console error, no failed request. The journeys
// (journeys.browser.spec.ts) check the pages along the procedure the same way.

let t: TestApp;
let origin: string;
let browser: Browser;
let caseId: string;
const shots = new Screenshots('accessibility');

beforeAll(async () => {
  t = await startTestApp();
  origin = await listenLocally(t);
  browser = await launchChromium();
  const union = await as(t, 'union.demo');
  const res = await t.http().post('/api/cases').set(union).send({ kind: 'wage', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
  expect(res.status).toBe(201);
  caseId = res.body.id;
  expect((await t.http().post(`/api/cases/${caseId}/events`).set(union).send({ type: 'OFFER_ISSUED', payload: samplePayload('OFFER_ISSUED', today(t)) })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

it('the check itself finds what it should: a form field without a label and an image without text', async () => {
  const probe = await RolePage.anonymous(browser, origin, shots, 'probe');
  await probe.page.setContent('<!doctype html><html lang="en"><title>probe</title><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></html>');
  expect((await probe.seriousViolations()).map((v) => v.id).sort()).toEqual(expect.arrayContaining(['image-alt', 'label']));
  await probe.close();
});

it('the sign-in page in both languages, a refused sign-in, a missing page', async () => {
  const visitor = await RolePage.anonymous(browser, origin, shots);
  await visitor.goto('/login');
  await visitor.check('login');
  await visitor.goto('/login?lang=en');
  await visitor.check('login-en');
  await visitor.goto('/login?lang=zh');
  await visitor.page.type('#username', 'union.demo');
  await visitor.page.type('#password', 'wrong-password');
  visitor.expectStatus(401);
  await visitor.clickAndWait('button[type="submit"]');
  expect(await visitor.page.$eval('[role="alert"]', (e) => e.textContent)).toContain('用户名或密码错误');
  await visitor.check('login-refused');
  visitor.expectClean();
  await visitor.close();
});

describe.each(['union.demo', 'employer.demo', 'instructor.demo', 'bureau.demo', 'federation.demo', 'admin.demo'])('%s', (username) => {
  let role: RolePage;
  beforeAll(async () => {
    role = await RolePage.signIn(browser, origin, username, shots);
  });
  afterAll(async () => {
    await role?.close();
  });

  it('home and a case, in both languages; a case out of reach is a 404 page', async () => {
    await role.check('home');
    if (['union.demo', 'employer.demo', 'admin.demo', 'federation.demo'].includes(username)) {
      await role.goto(`/cases/${caseId}`);
      await role.check('case');
    }
    role.expectStatus(404);
    await role.goto('/cases/3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60');
    await role.check('case-404');
    await role.goto('/?lang=en');
    await role.check('home-en');
    await role.goto('/?lang=zh');
    role.expectClean();
  });

  it('the nav links each open a page', async () => {
    const links = await role.page.$$eval('nav.main-nav a', (as) => as.map((a) => a.getAttribute('href')!));
    expect(links[0]).toBe('/');
    for (const href of links) {
      await role.goto(href);
      await role.check(`nav${href.replace(/\//g, '-')}`);
    }
    role.expectClean();
  });
});
