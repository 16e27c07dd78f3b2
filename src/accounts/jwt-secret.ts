import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AppSetting } from '../database/app-setting.entity.js';

const KEY = 'jwt_secret';

/**
 * JWT_SECRET when set; otherwise one secret generated on first start and kept in the database, so
 * tokens survive restarts and every instance on the same database accepts them.
 */
export async function resolveJwtSecret(dataSource: DataSource, configured?: string): Promise<string> {
  if (configured) return configured;
  await dataSource
    .createQueryBuilder()
    .insert()
    .into(AppSetting)
    .values({ key: KEY, value: randomBytes(48).toString('base64url') })
    .orIgnore()
    .execute();
  const row = await dataSource.getRepository(AppSetting).findOneByOrFail({ key: KEY });
  return row.value;
}
