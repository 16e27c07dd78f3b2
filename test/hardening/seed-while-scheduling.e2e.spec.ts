import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { startBuiltService } from '../support/hardening/service-group.js';

// The demo seed dates its acts in the past, one after another, and fires the deadlines between them itself.
// The service's own scheduler used to run beside it and could fire a deadline in between (the next act then
// refused, the start failed: seen with SCHEDULER_INTERVAL_MS=5, rarely at the default 1000). It now holds
// off while the seed runs (DeadlineScheduler.hold; other instances yield through the seed's advisory lock,
// test/hardening/several-instances.e2e.spec.ts). Runs on the embedded database.

const dir = mkdtempSync(join(tmpdir(), 'cb-seed-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo seed and the deadline scheduler', () => {
  it('a first start seeds every demo case while the scheduler looks for due deadlines every 5 ms', async () => {
    const service = await startBuiltService('seeding', { DATA_DIR: dir, DATABASE_URL: '', SEED_DEMO: '1', SCHEDULER_INTERVAL_MS: '5' });
    try {
      const seeded = service.output().split('\n').find((l) => l.includes('"demo cases seeded"'));
      expect(seeded && JSON.parse(seeded).cases).toBe(22);
      expect(service.errorLines()).toEqual([]);
    } finally {
      expect(await service.stop()).toBe(0);
    }
  }, 120_000);
});
