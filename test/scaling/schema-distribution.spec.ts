import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { projectPath } from '../../src/config/project-root.js';
import { createDataSource } from '../../src/database/data-source.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { distributionProblems, readSchema, type Classification } from './distribution-rules.js';

// The schema after every migration, read from PostgreSQL's catalogue, against the Citus plan of docs/scaling.md:
// each table classified in docs/scaling-tables.json, each case table distributed by case_id with case_id in its
// primary key and unique indexes, and no foreign key Citus would refuse.

const plan = JSON.parse(readFileSync(projectPath('docs', 'scaling-tables.json'), 'utf8')) as Classification;

describe('the schema can be distributed by case_id (docs/scaling.md)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.target);
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
  }, 120_000);
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('every table is classified; case tables carry case_id in every key; foreign keys only where Citus allows them', async () => {
    const schema = await readSchema(ds);
    expect(schema.length).toBeGreaterThan(30);
    const caseTables = schema.filter((t) => t.columns.includes('case_id')).map((t) => t.name);
    expect(caseTables).toEqual(expect.arrayContaining(['case_events', 'case_deadlines', 'case_documents', 'case_outbox']));
    expect(distributionProblems(schema, plan)).toEqual([]);
  });

  it('finds a case table keyed without case_id, an unclassified table, a unique index and a foreign key Citus refuses', async () => {
    await ds.query(`CREATE TABLE case_scaling_probe (case_id uuid NOT NULL REFERENCES cases(id), id uuid PRIMARY KEY, job_id uuid REFERENCES jobs(id))`);
    await ds.query(`CREATE UNIQUE INDEX uq_scaling_probe_job ON case_events (recorded_at, seq)`);
    try {
      const problems = distributionProblems(await readSchema(ds), {
        ...plan,
        tables: { ...plan.tables, gone_table: { class: 'reference', reason: 'was dropped' }, case_scaling_probe: { class: 'distributed', key: 'case_id', reason: 'probe' } },
      });
      expect(problems).toEqual(
        expect.arrayContaining([
          'gone_table: classified in docs/scaling-tables.json but no such table',
          'case_scaling_probe: has case_id but its primary key (id) lacks it',
          'case_scaling_probe: distributed by case_id but its primary key (id) lacks it',
          expect.stringMatching(/^case_scaling_probe \(distributed\): foreign key .* to jobs \(coordinator-local\) is one Citus refuses$/),
          'case_events: unique index uq_scaling_probe_job (recorded_at, seq) lacks the distribution column case_id',
        ]),
      );
      const unlisted = distributionProblems(await readSchema(ds), plan);
      expect(unlisted).toContain('case_scaling_probe: not classified in docs/scaling-tables.json (distributed / reference / coordinator-local, with a reason)');
      // The case-to-case foreign key (case_id → cases.id) is the co-located kind Citus accepts.
      expect(unlisted.filter((p) => p.includes('to cases'))).toEqual([]);
    } finally {
      await ds.query(`DROP INDEX uq_scaling_probe_job`);
      await ds.query(`DROP TABLE case_scaling_probe`);
    }
  });
});
