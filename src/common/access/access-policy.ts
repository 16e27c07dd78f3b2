import { Injectable } from '@nestjs/common';
import type { Role } from '../../accounts/entities/user.entity.js';
import { RegionDirectory } from '../../organisations/region-directory.js';
import type { Actor } from '../auth/actor.js';
import { DomainError, Forbidden, NotFound, type Bilingual } from '../errors/domain-error.js';

export type Action =
  | 'reference.read'
  | 'organisation.read'
  | 'organisation.create'
  | 'organisation.update'
  | 'user.read'
  | 'user.manage'
  | 'case.read'
  | 'case.create'
  | 'statistics.read'
  | 'campaign.read'
  | 'campaign.manage'
  | 'roster.import'
  | 'ledger.export'
  | 'offers.bulk'
  | 'instructor.read'
  | 'instructor.manage'
  | 'instructor.assign';

/** Who may do what. `any`: anywhere in their jurisdiction; `own`: only on their own organisation. */
const GRANTS: Record<Action, { any: Role[]; own?: Role[] }> = {
  'reference.read': { any: ['union', 'employer', 'instructor', 'bureau', 'federation', 'admin'] },
  'organisation.read': { any: ['union', 'employer', 'instructor', 'bureau', 'federation', 'admin'] },
  'organisation.create': { any: ['federation', 'admin'] },
  'organisation.update': { any: ['federation', 'admin'], own: ['union', 'employer'] },
  'user.read': { any: ['federation', 'admin'] },
  'user.manage': { any: ['admin'] },
  // Cases: the parties see their own (see caseVisible); authorities see their region's.
  'case.read': { any: ['instructor', 'bureau', 'federation', 'admin'], own: ['union', 'employer'] },
  'case.create': { any: ['federation', 'admin'], own: ['union', 'employer'] },
  // The campaign's figures: the authorities of the region.
  'statistics.read': { any: ['instructor', 'bureau', 'federation', 'admin'] },
  // Campaigns: everyone reads those that reach their region (a union names one when starting a case);
  // the federations run them, import their rosters and export their ledgers (bureaus read them too).
  'campaign.read': { any: ['union', 'employer', 'instructor', 'bureau', 'federation', 'admin'] },
  'campaign.manage': { any: ['federation', 'admin'] },
  'roster.import': { any: ['federation', 'admin'] },
  'ledger.export': { any: ['bureau', 'federation', 'admin'] },
  // Bulk offers: a federation prepares them for the enterprise unions of its region (each union issues its own).
  'offers.bulk': { any: ['federation', 'admin'] },
  'instructor.read': { any: ['instructor', 'bureau', 'federation', 'admin'] },
  'instructor.manage': { any: ['federation', 'admin'] },
  'instructor.assign': { any: ['federation', 'admin'] },
};

/** A case as the policy sees it: where it is and who its parties are. */
export interface CaseParties {
  regionCode: string;
  unionOrgId: string;
  employerOrgId: string | null;
  /** Enterprises covered (industry/regional cases): each may see the case as the employer side. */
  enterpriseIds?: string[];
  /** For an instructor: whether they are assigned to the case (unknown counts as no). */
  instructorAssigned?: boolean;
}

/** A resource as the policy sees it: where it is and whose it is. */
export interface Resource {
  regionCode: string;
  organisationId?: string;
}

const ACTION_NAMES: Record<Action, Bilingual> = {
  'reference.read': { zh: '查看基础数据', en: 'read reference data' },
  'organisation.read': { zh: '查看组织', en: 'read organisations' },
  'organisation.create': { zh: '新建组织', en: 'create organisations' },
  'organisation.update': { zh: '修改组织', en: 'update organisations' },
  'user.read': { zh: '查看用户', en: 'read users' },
  'user.manage': { zh: '管理用户', en: 'manage users' },
  'case.read': { zh: '查看案件', en: 'read cases' },
  'case.create': { zh: '发起集体协商', en: 'start cases' },
  'statistics.read': { zh: '查看统计', en: 'read the statistics' },
  'campaign.read': { zh: '查看集中要约活动', en: 'read campaigns' },
  'campaign.manage': { zh: '管理集中要约活动', en: 'manage campaigns' },
  'roster.import': { zh: '导入企业名册', en: 'import rosters' },
  'ledger.export': { zh: '导出台账', en: 'export ledgers' },
  'offers.bulk': { zh: '批量准备要约', en: 'prepare offers in bulk' },
  'instructor.read': { zh: '查看指导员', en: 'read instructors' },
  'instructor.manage': { zh: '管理指导员', en: 'manage instructors' },
  'instructor.assign': { zh: '指派指导员', en: 'assign instructors' },
};

/**
 * The one place that decides "may this actor do X on this resource". Every service method calls it.
 * Outside the actor's jurisdiction a resource does not exist for them (404), so existence is not leaked.
 */
@Injectable()
export class AccessPolicy {
  constructor(private readonly regions: RegionDirectory) {}

  inJurisdiction(actor: Actor, regionCode: string): boolean {
    return this.regions.isWithin(regionCode, actor.regionCode);
  }

  can(actor: Actor, action: Action, resource?: Resource): boolean {
    const grant = GRANTS[action];
    if (resource && !this.inJurisdiction(actor, resource.regionCode)) return false;
    if (grant.any.includes(actor.role)) return true;
    return !!resource && !!grant.own?.includes(actor.role) && resource.organisationId === actor.organisationId;
  }

  /** Throws 404 (`notFound`) outside the jurisdiction, 403 inside it when the role may not act. */
  assert(actor: Actor, action: Action, resource?: Resource, notFound?: () => DomainError): void {
    if (resource && !this.inJurisdiction(actor, resource.regionCode)) {
      throw notFound ? notFound() : new NotFound({ zh: '资源', en: 'Resource' }, '');
    }
    if (!this.can(actor, action, resource)) {
      const name = ACTION_NAMES[action];
      throw new Forbidden({ zh: `角色 ${actor.role} 无权${name.zh}`, en: `role ${actor.role} may not ${name.en}` });
    }
  }

  /**
   * Unions and employers see the cases they are party to; instructors the cases of their jurisdiction they are
   * assigned to (procedure.md: "read assigned cases"); the other roles those of their jurisdiction.
   */
  caseVisible(actor: Actor, c: CaseParties): boolean {
    switch (actor.role) {
      case 'instructor':
        return c.instructorAssigned === true && this.inJurisdiction(actor, c.regionCode);
      case 'union':
        return c.unionOrgId === actor.organisationId;
      case 'employer':
        return c.employerOrgId === actor.organisationId || !!c.enterpriseIds?.includes(actor.organisationId);
      default:
        return this.inJurisdiction(actor, c.regionCode);
    }
  }

  /** 404 unless the actor may see the case. */
  assertCaseVisible(actor: Actor, c: CaseParties, notFound: () => DomainError): void {
    if (!this.caseVisible(actor, c)) throw notFound();
  }

  /** For list queries: the region path prefix the actor may see. */
  subtreePath(actor: Actor): string {
    return this.regions.subtreePath(actor.regionCode);
  }
}
