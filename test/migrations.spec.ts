import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/database/data-source.js';
import { MIGRATIONS } from '../src/database/migrations/index.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const tables = async (ds: DataSource) =>
  (await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> 'migrations' ORDER BY 1`)).map(
    (r: { table_name: string }) => r.table_name,
  );

describe('migrations', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.target);
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('apply in order, leave nothing to generate, revert completely and apply again', async () => {
    const applied = await ds.runMigrations();
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => (m as { name: string }).name));
    expect(await tables(ds)).toEqual(expect.arrayContaining(['app_settings', 'industries', 'organisations', 'regions', 'users']));

    // The entities and the migrations agree: a schema diff finds nothing to do.
    const diff = await ds.driver.createSchemaBuilder().log();
    expect(diff.upQueries.map((q) => q.query)).toEqual([]);

    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration();
    expect(await tables(ds)).toEqual([]);

    expect((await ds.runMigrations()).length).toBe(MIGRATIONS.length);
    expect(await ds.showMigrations()).toBe(false);
  });
});
