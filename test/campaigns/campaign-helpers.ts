import { expect } from '@jest/globals';
import type { Headers } from '../engine/engine-helpers.js';
import type { TestApp } from '../support/test-app.js';

/** A campaign of 成都 over March 2018 (the test clock's month), every enterprise contract kind, created by federation.demo. */
export async function createCampaign(t: TestApp, federation: Headers, overrides: Record<string, unknown> = {}): Promise<{ id: string } & Record<string, unknown>> {
  const res = await t
    .http()
    .post('/api/campaigns')
    .set(federation)
    .send({ name: '2018年成都市集体协商“集中要约月”活动', startsOn: '2018-03-01', endsOn: '2018-03-31', regionCode: '510100', kinds: ['comprehensive', 'wage', 'women_workers', 'safety_health', 'industry', 'regional'], ...overrides });
  expect(res.status).toBe(201);
  return res.body;
}
