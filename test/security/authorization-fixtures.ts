import { expect } from '@jest/globals';
import { seedDemoCases } from '../../src/database/seed/demo-cases.js';
import { demoId } from '../../src/database/seed/demo-seed.js';
import type { TestApp } from '../support/test-app.js';

// The objects the authorization matrix asks about, in the caller's jurisdiction ("own": 成都武侯区's 蜀锦机械, inside every
// demo user's reach, its wage case the one union.demo and employer.demo negotiate and instructor.demo guides) and outside
// it ("other": 绵阳, another prefecture: the demo seed's 绵阳 organisations and case, a campaign and an instructor the
// admin creates here). The admin's jurisdiction is the whole province, so for it "other" is inside too.

export type Scope = 'own' | 'other';
export const SOME_UUID = '3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60';

export interface MatrixFixtures {
  values: Record<Scope, Record<string, string>>;
}

const one = async (t: TestApp, sql: string, params: unknown[]): Promise<string | undefined> => (await t.dataSource.query(sql, params))[0]?.v;

export async function createFixtures(t: TestApp): Promise<MatrixFixtures> {
  const auth = async (u: string) => ({ Authorization: `Bearer ${await t.login(u)}` });
  // The demo's cases (every state, five prefectures), as `npm start` seeds them: startTestApp seeds only organisations and users.
  await seedDemoCases(t.app);
  const ownCase = await one(t, `SELECT id AS v FROM cases WHERE union_org_id = $1 AND status = 'negotiating'`, [demoId('union-shujin')]);
  const otherCase = await one(t, `SELECT id AS v FROM cases WHERE union_org_id = $1 ORDER BY status, id LIMIT 1`, [demoId('union-mianyang')]);
  expect({ ownCase, otherCase }).toEqual({ ownCase: expect.any(String), otherCase: expect.any(String) });

  const campaign = async (who: string, regionCode: string, name: string) => {
    const res = await t.http().post('/api/campaigns').set(await auth(who)).send({ name, startsOn: '2018-03-01', endsOn: '2018-03-31', regionCode, kinds: ['comprehensive', 'wage'] });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const ownCampaign = await campaign('federation.demo', '510100', '矩阵测试：成都市集中要约月');
  const otherCampaign = await campaign('admin.demo', '510700', '矩阵测试：绵阳市集中要约月');
  const instructor = await t.http().post('/api/instructors').set(await auth('admin.demo')).send({ name: '绵阳指导员', organisationId: demoId('fed-my'), regionCode: '510700', qualifications: ['集体协商指导员资格证书'], appointedOn: '2017-06-01' });
  expect(instructor.status).toBe(201);

  const firstOf = (sql: string, id: string | undefined) => one(t, sql, [id]);
  const docOwn = await firstOf('SELECT id AS v FROM case_documents WHERE case_id = $1 ORDER BY id LIMIT 1', ownCase);
  const docOther = await firstOf('SELECT id AS v FROM case_documents WHERE case_id = $1 ORDER BY id LIMIT 1', otherCase);
  const hashOwn = await firstOf('SELECT pdf_sha256 AS v FROM case_documents WHERE case_id = $1 ORDER BY id LIMIT 1', ownCase);
  const hashOther = await firstOf('SELECT pdf_sha256 AS v FROM case_documents WHERE case_id = $1 ORDER BY id LIMIT 1', otherCase);
  const proposalOwn = await firstOf('SELECT id::text AS v FROM case_proposals WHERE case_id = $1 ORDER BY seq LIMIT 1', ownCase);
  const proposalOther = await firstOf('SELECT id::text AS v FROM case_proposals WHERE case_id = $1 ORDER BY seq LIMIT 1', otherCase);

  const common = { code: '', templateId: 'offer-letter', workflowId: 'enterprise-contract', version: '1', sessionNo: '1', file: 'none.js', importId: SOME_UUID, batchId: SOME_UUID, materialId: SOME_UUID, personId: SOME_UUID };
  return {
    values: {
      own: {
        ...common,
        case: ownCase!,
        enterprise: demoId('ent-shujin'),
        union: demoId('union-shujin'),
        bureau: demoId('bureau-cd'),
        campaign: ownCampaign,
        instructor: demoId('instructor-demo'),
        document: docOwn ?? SOME_UUID,
        hash: hashOwn ?? '0'.repeat(64),
        proposalId: proposalOwn ?? SOME_UUID,
        code: '510107',
      },
      other: {
        ...common,
        case: otherCase!,
        enterprise: demoId('ent-mianyang'),
        union: demoId('union-mianyang'),
        bureau: demoId('bureau-sc'),
        campaign: otherCampaign,
        instructor: instructor.body.id,
        document: docOther ?? SOME_UUID,
        hash: hashOther ?? '1'.repeat(64),
        proposalId: proposalOther ?? SOME_UUID,
        code: '510700',
      },
    },
  };
}

/** The value of a route parameter: what the route's path says the parameter names (a case, a campaign, …). */
export function paramValue(path: string, name: string, scope: Scope, f: MatrixFixtures): string {
  const v = f.values[scope];
  if (name === 'caseId' || (name === 'id' && /^\/(api\/)?cases\/:id/.test(path))) return v.case;
  if (name === 'id' && path.startsWith('/api/enterprises')) return v.enterprise;
  if (name === 'id' && path.startsWith('/api/unions')) return v.union;
  if (name === 'id' && path.startsWith('/api/labour-bureaus')) return v.bureau;
  if (name === 'id' && (path.startsWith('/api/campaigns') || path.startsWith('/ledger/'))) return v.campaign;
  if (name === 'id' && path.startsWith('/roster/imports/')) return v.importId;
  if ((name === 'id' && path.startsWith('/api/instructors')) || name === 'instructorId') return v.instructor;
  if (name === 'id' && /^\/(api\/)?documents\//.test(path)) return v.document;
  if (name in v) return v[name];
  return SOME_UUID;
}

export const paramsOf = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]);
export const concrete = (path: string, scope: Scope, f: MatrixFixtures) => path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(paramValue(path, name, scope, f)));
