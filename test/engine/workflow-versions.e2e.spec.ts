import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { projectPath } from '../../src/config/project-root.js';
import type { DatabaseTarget } from '../../src/database/data-source.js';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { samplePayload } from '../support/procedure-samples.js';
import { startInstance } from '../support/service-instance.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// A new version of a workflow is a new file; a running case keeps the version (and the exact file) it
// was started with, and editing a registered version's file stops the service.

describe('workflow versions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cb-workflows-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'cb-versions-db-'));
  let db: TestDatabase | undefined;
  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('pins running cases to their version; new cases take the new one; an edited registered file refuses to start', async () => {
    // The versions 1 only: the test writes its own version 2.
    cpSync(projectPath('workflows'), dir, { recursive: true, filter: (src) => !/\.v(?!1\.)\d+\.json$/.test(src) });
    let target: DatabaseTarget = { kind: 'pglite', dataDir };
    if (process.env.TEST_DATABASE_URL) {
      db = await createTestDatabase();
      target = db.target;
    }
    const start = { kind: 'comprehensive', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') };

    const first = await startInstance(target, { workflowsDir: dir });
    const union = await first.as('union.demo');
    const old = (await first.http().post('/api/cases').set(union).send(start)).body;
    expect(old.workflow).toMatchObject({ id: 'enterprise-contract', version: 1 });
    await first.close();

    // Version 2: a 30-day response period.
    const v1 = JSON.parse(readFileSync(join(dir, 'enterprise-contract.v1.json'), 'utf8'));
    writeFileSync(join(dir, 'enterprise-contract.v2.json'), JSON.stringify({ ...v1, version: 2, parameters: { ...v1.parameters, responseDays: 30 } }, null, 2));

    const second = await startInstance(target, { workflowsDir: dir, seedDemo: false });
    try {
      const auth = await second.as('union.demo');
      const list = (await second.http().get('/api/workflows').set(auth)).body as { id: string; version: number; latest: boolean }[];
      expect(list.filter((w) => w.id === 'enterprise-contract').map((w) => [w.version, w.latest])).toEqual([
        [1, false],
        [2, true],
      ]);
      const offer = { type: 'OFFER_ISSUED', payload: samplePayload('OFFER_ISSUED', '2018-03-01') };
      const running = await second.http().post(`/api/cases/${old.id}/events`).set(auth).send(offer);
      expect(running.body.workflow.version).toBe(1);
      expect(running.body.deadlines[0].dueOn).toBe('2018-03-21'); // 20 days
      const fresh = (await second.http().post('/api/cases').set(auth).send(start)).body;
      expect(fresh.workflow.version).toBe(2);
      const offered = await second.http().post(`/api/cases/${fresh.id}/events`).set(auth).send(offer);
      expect(offered.body.deadlines[0].dueOn).toBe('2018-04-02'); // 30 days: Saturday 03-31 moves to Monday
    } finally {
      await second.close();
    }

    // Editing the registered version 1 (even a label) is refused at start, naming the file.
    writeFileSync(join(dir, 'enterprise-contract.v1.json'), JSON.stringify({ ...v1, title: { zh: '改过的标题', en: 'edited' } }, null, 2));
    await expect(startInstance(target, { workflowsDir: dir, seedDemo: false })).rejects.toThrow(/enterprise-contract\.v1\.json: \$: enterprise-contract@1 was registered with hash/);
  });
});
