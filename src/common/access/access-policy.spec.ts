import { beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import type { Role } from '../../accounts/entities/user.entity.js';
import { Region } from '../../organisations/entities/region.entity.js';
import { readRegions } from '../../organisations/reference-data.loader.js';
import { RegionDirectory } from '../../organisations/region-directory.js';
import type { Actor } from '../auth/actor.js';
import { DomainError, Forbidden, NotFound } from '../errors/domain-error.js';
import { AccessPolicy } from './access-policy.js';

const CHENGDU = '510100';
const JINJIANG = '510104';
const WUHOU = '510107';
const MIANYANG = '510700';
const SICHUAN = '510000';

const actor = (regionCode: string, role: Role = 'federation', organisationId = 'org-own'): Actor => ({
  userId: `user-${role}-${regionCode}`,
  username: `${role}@${regionCode}`,
  role,
  organisationId,
  regionCode,
});

/** Runs fn and returns what it throws (fails if it throws nothing). */
function thrown(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, nothing was thrown');
}

describe('AccessPolicy', () => {
  let policy: AccessPolicy;
  const regions = readRegions();

  beforeAll(async () => {
    // The real region data files as the input of a real RegionDirectory; only the DataSource plumbing is stubbed.
    const dataSource = {
      getRepository: (entity: unknown) => {
        expect(entity).toBe(Region);
        return { find: async () => regions };
      },
    } as unknown as DataSource;
    const directory = new RegionDirectory(dataSource);
    await directory.reload();
    expect(directory.get(WUHOU)?.path).toBe(`${SICHUAN}/${CHENGDU}/${WUHOU}/`);
    policy = new AccessPolicy(directory);
  });

  describe('jurisdiction', () => {
    it('a prefecture actor (Chengdu) sees its own county but not another prefecture', () => {
      const chengdu = actor(CHENGDU);
      expect(policy.inJurisdiction(chengdu, WUHOU)).toBe(true);
      expect(policy.inJurisdiction(chengdu, JINJIANG)).toBe(true);
      expect(policy.inJurisdiction(chengdu, CHENGDU)).toBe(true);
      expect(policy.inJurisdiction(chengdu, MIANYANG)).toBe(false);
      expect(policy.inJurisdiction(chengdu, SICHUAN)).toBe(false);
    });

    it('a prefecture actor sees no county of another prefecture', () => {
      const mianyangCounties = regions.filter((r) => r.parentCode === MIANYANG);
      const others = regions.filter((r) => r.code !== CHENGDU && r.parentCode !== CHENGDU);
      expect(others.length).toBeGreaterThan(20);
      for (const r of [...mianyangCounties, ...others]) expect(policy.inJurisdiction(actor(CHENGDU), r.code)).toBe(false);
    });

    it('the province sees every region', () => {
      const province = actor(SICHUAN);
      expect(regions.length).toBeGreaterThan(22);
      for (const r of regions) expect(policy.inJurisdiction(province, r.code)).toBe(true);
    });

    it('a county actor does not see its parent prefecture or a sibling county', () => {
      const wuhou = actor(WUHOU);
      expect(policy.inJurisdiction(wuhou, WUHOU)).toBe(true);
      expect(policy.inJurisdiction(wuhou, CHENGDU)).toBe(false);
      expect(policy.inJurisdiction(wuhou, JINJIANG)).toBe(false);
      expect(policy.inJurisdiction(wuhou, SICHUAN)).toBe(false);
    });

    it('an unknown actor region matches nothing', () => {
      const stale = actor('519999', 'admin');
      for (const r of regions) expect(policy.inJurisdiction(stale, r.code)).toBe(false);
      expect(policy.inJurisdiction(stale, '519999')).toBe(false);
      expect(policy.can(stale, 'organisation.read', { regionCode: WUHOU })).toBe(false);
      expect(policy.subtreePath(stale)).toBe('unknown:519999/');
      expect(regions.some((r) => r.path.startsWith(policy.subtreePath(stale)))).toBe(false);
    });

    it('an unknown resource region is outside every jurisdiction', () => {
      expect(policy.inJurisdiction(actor(SICHUAN, 'admin'), '519999')).toBe(false);
    });

    it('subtreePath is the region path prefix', () => {
      expect(policy.subtreePath(actor(CHENGDU))).toBe(`${SICHUAN}/${CHENGDU}/`);
      expect(policy.subtreePath(actor(SICHUAN))).toBe(`${SICHUAN}/`);
    });
  });

  describe('assert', () => {
    it('throws 404 NotFound outside the jurisdiction even for a role that is granted the action', () => {
      for (const role of ['admin', 'federation'] as Role[]) {
        const error = thrown(() => policy.assert(actor(CHENGDU, role), 'organisation.update', { regionCode: MIANYANG }));
        expect(error).toBeInstanceOf(NotFound);
        expect((error as DomainError).status).toBe(404);
        expect((error as DomainError).code).toBe('not-found');
      }
    });

    it('uses the caller-supplied notFound error outside the jurisdiction', () => {
      const custom = new NotFound({ zh: '组织', en: 'Organisation' }, 'org-42');
      const error = thrown(() => policy.assert(actor(WUHOU, 'admin'), 'organisation.read', { regionCode: CHENGDU }, () => custom));
      expect(error).toBe(custom);
      expect(custom.message).toBe('Organisation org-42 not found');
    });

    it('throws 403 Forbidden inside the jurisdiction for a role without the grant', () => {
      const error = thrown(() => policy.assert(actor(CHENGDU, 'bureau'), 'organisation.create', { regionCode: WUHOU }));
      expect(error).toBeInstanceOf(Forbidden);
      expect((error as DomainError).status).toBe(403);
      expect((error as DomainError).detail).toEqual({ zh: '角色 bureau 无权新建组织', en: 'role bureau may not create organisations' });
    });

    it('throws 403 without a resource for a role without the grant', () => {
      const error = thrown(() => policy.assert(actor(SICHUAN, 'federation'), 'user.manage'));
      expect(error).toBeInstanceOf(Forbidden);
      expect((error as DomainError).status).toBe(403);
    });

    it('passes inside the jurisdiction for a granted role', () => {
      expect(() => policy.assert(actor(CHENGDU, 'bureau'), 'organisation.read', { regionCode: WUHOU })).not.toThrow();
      expect(() => policy.assert(actor(CHENGDU, 'federation'), 'organisation.create', { regionCode: WUHOU })).not.toThrow();
      expect(() => policy.assert(actor(SICHUAN, 'admin'), 'user.manage')).not.toThrow();
    });
  });

  describe('own-organisation grants', () => {
    const employer = actor(CHENGDU, 'employer', 'org-7');

    it("lets an employer update its own organisation", () => {
      expect(policy.can(employer, 'organisation.update', { regionCode: WUHOU, organisationId: 'org-7' })).toBe(true);
      expect(() => policy.assert(employer, 'organisation.update', { regionCode: WUHOU, organisationId: 'org-7' })).not.toThrow();
    });

    it("does not let an employer update another organisation (403 inside the jurisdiction)", () => {
      expect(policy.can(employer, 'organisation.update', { regionCode: WUHOU, organisationId: 'org-8' })).toBe(false);
      const error = thrown(() => policy.assert(employer, 'organisation.update', { regionCode: WUHOU, organisationId: 'org-8' }));
      expect(error).toBeInstanceOf(Forbidden);
      expect((error as DomainError).detail?.en).toBe('role employer may not update organisations');
    });

    it('does not let an employer update a resource without an organisation, or with no resource at all', () => {
      expect(policy.can(employer, 'organisation.update', { regionCode: WUHOU })).toBe(false);
      expect(policy.can(employer, 'organisation.update')).toBe(false);
    });

    it('its own organisation outside its jurisdiction is still 404', () => {
      expect(policy.can(employer, 'organisation.update', { regionCode: MIANYANG, organisationId: 'org-7' })).toBe(false);
      expect(thrown(() => policy.assert(employer, 'organisation.update', { regionCode: MIANYANG, organisationId: 'org-7' }))).toBeInstanceOf(NotFound);
    });

    it('an own-grant does not extend to other actions (employer may not create)', () => {
      expect(policy.can(employer, 'organisation.create', { regionCode: WUHOU, organisationId: 'org-7' })).toBe(false);
    });

    it('a role without an own-grant may not update even its own organisation', () => {
      const bureau = actor(CHENGDU, 'bureau', 'org-9');
      expect(policy.can(bureau, 'organisation.update', { regionCode: WUHOU, organisationId: 'org-9' })).toBe(false);
    });
  });
});
