// `npm run migration:generate -- PascalAction`: diff the entities against a scratch PostgreSQL database
// with every existing migration applied, write src/database/migrations/<timestamp>-PascalAction.ts.
// Then list the new class in src/database/migrations/index.ts. MIGRATION_DATABASE_URL picks the server.
import pg from 'pg';
import { build, ROOT, run } from './ensure-deps.mjs';

const name = process.argv[2];
if (!/^[A-Z][A-Za-z0-9]+$/.test(name ?? '')) {
  console.error('usage: npm run migration:generate -- PascalAction');
  process.exit(2);
}
const url = new URL(process.env.MIGRATION_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cb_migrations');
const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
await admin.connect();
const db = url.pathname.slice(1);
await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
await admin.query(`CREATE DATABASE "${db}"`);
await admin.end();
build();
const env = { ...process.env, MIGRATION_DATABASE_URL: url.toString() };
const typeorm = `${ROOT}/node_modules/typeorm/cli.js`;
run(process.execPath, [typeorm, 'migration:run', '-d', 'dist/src/database/cli-data-source.js'], { env });
run(process.execPath, [typeorm, 'migration:generate', '-d', 'dist/src/database/cli-data-source.js', `src/database/migrations/${name}`], { env });
