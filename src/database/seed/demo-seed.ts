import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { User } from '../../accounts/entities/user.entity.js';
import { hashPassword } from '../../accounts/password-hasher.js';
import { creditCodeCheckCharacter } from '../../organisations/credit-code.js';
import { Organisation } from '../../organisations/entities/organisation.entity.js';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_USERS, type DemoOrganisation } from './demo-organisations.js';

// GB 11714 organisation code check character, for realistic demo credit codes.
function orgCodeCheck(stem: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...stem].reduce((s, ch, i) => s + parseInt(ch, 36) * weights[i], 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

function demoCreditCode(o: DemoOrganisation): string | null {
  if (!o.orgCodeStem || !o.creditPrefix) return null;
  const first17 = `${o.creditPrefix}${o.regionCode}${o.orgCodeStem}${orgCodeCheck(o.orgCodeStem)}`;
  return first17 + creditCodeCheckCharacter(first17);
}

/** Stable ids, so a second seeding finds the same rows and adds nothing. */
export function demoId(key: string): string {
  const h = createHash('sha256').update(`cb-demo:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Seeds the demo organisations and accounts once; returns false when they were already there. */
export async function seedDemo(dataSource: DataSource): Promise<boolean> {
  const passwordHashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));
  return dataSource.transaction(async (manager) => {
    // Serialise concurrent seeders (two instances starting at once) on one advisory lock.
    await manager.query('SELECT pg_advisory_xact_lock(4242001)');
    if (await manager.exists(User, { where: { username: 'admin.demo' } })) return false;
    // Parents before children: the list is ordered so.
    for (const o of DEMO_ORGANISATIONS) {
      await manager.insert(Organisation, {
        id: demoId(o.key),
        kind: o.kind,
        name: o.name,
        creditCode: demoCreditCode(o),
        regionCode: o.regionCode,
        industryCode: o.industryCode ?? null,
        employees: o.employees ?? null,
        unionised: o.kind === 'enterprise' ? (o.unionised ?? false) : null,
        unionLevel: o.unionLevel ?? null,
        enterpriseId: o.enterpriseKey ? demoId(o.enterpriseKey) : null,
        parentId: o.parentKey ? demoId(o.parentKey) : null,
        legalRepresentative: o.legalRepresentative ?? null,
        address: o.address ?? null,
      });
    }
    await manager.insert(
      User,
      DEMO_USERS.map((u, i) => ({
        id: demoId(`user:${u.username}`),
        username: u.username,
        displayName: u.displayName,
        passwordHash: passwordHashes[i],
        role: u.role,
        organisationId: demoId(u.organisationKey),
        regionCode: u.regionCode,
        active: true,
      })),
    );
    return true;
  });
}
