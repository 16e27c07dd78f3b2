// For the TypeORM CLI (migration:generate / run / revert) against a PostgreSQL server: MIGRATION_DATABASE_URL.
import { createDataSource } from './data-source.js';

const url = process.env.MIGRATION_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cb_migrations';
export default await createDataSource({ kind: 'postgres', url });
