import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { as, assignDemoInstructor, type Headers } from '../engine/engine-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Unassigning an instructor ends the assignment but keeps its record: the instructor no longer reads the case
// nor carries it as load, and the year's assessment still counts the guidance given.

let t: TestApp;
const H: Record<string, Headers> = {};

beforeAll(async () => {
  t = await startTestApp();
  for (const u of ['union.demo', 'federation.demo', 'instructor.demo']) H[u] = await as(t, u);
});
afterAll(async () => {
  await t?.close();
});

describe('unassigning an instructor', () => {
  it('takes the case from the instructor and from their load, keeps it in the year’s assessment; assigning again restores it', async () => {
    const started = await t.http().post('/api/cases').set(H['union.demo']).send({ kind: 'wage', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
    expect(started.status).toBe(201);
    const caseId = started.body.id as string;
    await assignDemoInstructor(t, caseId);
    const [{ id: instructorId }] = await t.dataSource.query("SELECT i.id FROM instructors i JOIN users u ON u.id = i.user_id WHERE u.username = 'instructor.demo'");
    const figures = async () => {
      const res = await t.http().get('/api/instructors/assessment?year=2018').set(H['federation.demo']);
      expect(res.status).toBe(200);
      const row = res.body.items.find((r: { instructor: { id: string } }) => r.instructor.id === instructorId);
      return { casesGuided: row.casesGuided, load: row.load };
    };
    expect((await t.http().get(`/api/cases/${caseId}`).set(H['instructor.demo'])).status).toBe(200);
    expect(await figures()).toEqual({ casesGuided: 1, load: 1 });

    t.clock.advanceDays(3);
    expect((await t.http().delete(`/api/cases/${caseId}/instructors/${instructorId}`).set(H['federation.demo'])).status).toBe(204);
    expect((await t.http().get(`/api/cases/${caseId}`).set(H['instructor.demo'])).status).toBe(404);
    expect((await t.http().get('/api/cases').set(H['instructor.demo'])).body.items).toEqual([]);
    expect((await t.http().get(`/api/cases/${caseId}/instructors`).set(H['federation.demo'])).body).toEqual([]);
    expect((await t.http().get(`/api/instructors/${instructorId}/workload`).set(H['federation.demo'])).body).toMatchObject({ open: 0 });
    expect(await figures()).toEqual({ casesGuided: 1, load: 0 });
    // Twice is not found: nothing is assigned any more.
    expect((await t.http().delete(`/api/cases/${caseId}/instructors/${instructorId}`).set(H['federation.demo'])).status).toBe(404);
    const [row] = await t.dataSource.query('SELECT assigned_at, unassigned_at FROM case_instructors WHERE case_id = $1', [caseId]);
    expect(row.unassigned_at.toISOString()).toBe(t.clock.now().toISOString());

    const again = await t.http().put(`/api/cases/${caseId}/instructors/${instructorId}`).set(H['federation.demo']).send({});
    expect(again.status).toBe(201);
    expect((await t.http().get(`/api/cases/${caseId}`).set(H['instructor.demo'])).status).toBe(200);
    expect(await figures()).toEqual({ casesGuided: 1, load: 1 });
  });
});
