import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy } from '../common/access/access-policy.js';
import type { Actor } from '../common/auth/actor.js';
import { Conflict, NotFound, ValidationFailed, type Bilingual, fieldViolation as violation, type FieldViolation } from '../common/errors/domain-error.js';
import { pageArgs, type Page } from '../common/pagination/page.js';
import type { ListOrganisationsQuery } from './dto/organisation.dto.js';
import { Industry } from './entities/industry.entity.js';
import { Organisation, type OrganisationKind, type UnionLevel } from './entities/organisation.entity.js';
import { RegionDirectory } from './region-directory.js';

export const KIND_NAMES: Record<OrganisationKind, Bilingual> = {
  enterprise: { zh: '企业', en: 'Enterprise' },
  union: { zh: '工会', en: 'Union' },
  employer_association: { zh: '企业方协会', en: 'Employer association' },
  labour_bureau: { zh: '劳动行政部门', en: 'Labour bureau' },
};

/** Fields a create/update may carry, whatever the kind (the DTOs decide which one may). */
export interface OrganisationInput {
  name?: string;
  regionCode?: string;
  address?: string;
  creditCode?: string;
  industryCode?: string;
  employees?: number;
  unionised?: boolean;
  legalRepresentative?: string;
  level?: UnionLevel;
  enterpriseId?: string;
  parentId?: string;
}


@Injectable()
export class OrganisationsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(RegionDirectory) private readonly regions: RegionDirectory,
  ) {}

  async list(actor: Actor, kind: OrganisationKind, query: ListOrganisationsQuery): Promise<Page<Organisation>> {
    this.access.assert(actor, 'organisation.read');
    const { page, pageSize, skip, take } = pageArgs(query);
    const qb = this.dataSource
      .getRepository(Organisation)
      .createQueryBuilder('o')
      .innerJoin('o.region', 'r')
      .where('o.kind = :kind', { kind })
      .andWhere('r.path LIKE :scope', { scope: `${this.access.subtreePath(actor)}%` })
      .orderBy('o.name', 'ASC')
      .addOrderBy('o.id', 'ASC')
      // offset/limit, not skip/take: the joins are to-one, so no DISTINCT-ids pre-query is needed.
      .offset(skip)
      .limit(take);
    if (query.regionCode) qb.andWhere('r.path LIKE :filter', { filter: `${this.regions.subtreePath(query.regionCode)}%` });
    if (query.industryCode) qb.andWhere('o.industry_code = :industry', { industry: query.industryCode });
    if (query.unionised !== undefined) qb.andWhere('o.unionised = :unionised', { unionised: query.unionised });
    if (query.level) qb.andWhere('o.union_level = :level', { level: query.level });
    if (query.parentId) qb.andWhere('o.parent_id = :parent', { parent: query.parentId });
    if (query.q) {
      const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(o.name LIKE :q OR o.credit_code LIKE :q)', { q: like });
    }
    const [items, total] = await qb.getManyAndCount();
    return { items, total, page, pageSize };
  }

  async get(actor: Actor, kind: OrganisationKind, id: string): Promise<Organisation> {
    const organisation = await this.find(this.dataSource.manager, kind, id);
    this.access.assert(actor, 'organisation.read', { regionCode: organisation.regionCode, organisationId: organisation.id }, () => new NotFound(KIND_NAMES[kind], id));
    return organisation;
  }

  async create(actor: Actor, kind: OrganisationKind, input: OrganisationInput): Promise<Organisation> {
    this.checkRegion(input.regionCode!);
    this.access.assert(actor, 'organisation.create', { regionCode: input.regionCode! });
    return this.dataSource.transaction(async (manager) => {
      const organisation = manager.create(Organisation, {
        id: randomUUID(),
        kind,
        name: input.name!,
        regionCode: input.regionCode!,
        creditCode: input.creditCode ?? null,
        industryCode: input.industryCode ?? null,
        employees: input.employees ?? null,
        unionised: kind === 'enterprise' ? input.unionised! : null,
        unionLevel: kind === 'union' ? input.level! : null,
        enterpriseId: input.enterpriseId ?? null,
        parentId: input.parentId ?? null,
        legalRepresentative: input.legalRepresentative ?? null,
        address: input.address ?? null,
      });
      await this.checkLinks(manager, actor, organisation);
      return manager.save(organisation);
    });
  }

  async update(actor: Actor, kind: OrganisationKind, id: string, input: OrganisationInput): Promise<Organisation> {
    return this.dataSource.transaction(async (manager) => {
      const organisation = await this.find(manager, kind, id, true);
      // The policy's "own" grant compares organisationId; the entity calls it id.
      this.access.assert(actor, 'organisation.update', { regionCode: organisation.regionCode, organisationId: organisation.id }, () => new NotFound(KIND_NAMES[kind], id));
      if (input.regionCode !== undefined) {
        this.checkRegion(input.regionCode);
        // Moving an organisation out of one's own jurisdiction would hide it from its editor.
        if (!this.access.inJurisdiction(actor, input.regionCode)) {
          throw new ValidationFailed([
            violation('regionCode', 'inJurisdiction', `行政区划 ${input.regionCode} 不在您的管辖范围内`, `region ${input.regionCode} is outside your jurisdiction`),
          ]);
        }
      }
      const { level, ...rest } = input;
      Object.assign(organisation, Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)));
      if (kind === 'union' && level !== undefined) organisation.unionLevel = level;
      await this.checkLinks(manager, actor, organisation);
      return manager.save(organisation);
    });
  }

  private async find(manager: EntityManager, kind: OrganisationKind, id: string, lock = false): Promise<Organisation> {
    const organisation = await manager.findOne(Organisation, { where: { id, kind }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!organisation) throw new NotFound(KIND_NAMES[kind], id);
    return organisation;
  }

  private checkRegion(code: string) {
    if (!this.regions.get(code)) throw new ValidationFailed([violation('regionCode', 'exists', `行政区划 ${code} 不存在`, `region ${code} does not exist`)]);
  }

  /** References must exist, be of the right kind and lie in the caller's jurisdiction; credit codes are unique. */
  private async checkLinks(manager: EntityManager, actor: Actor, o: Organisation) {
    const problems: FieldViolation[] = [];
    if (o.industryCode && !(await manager.exists(Industry, { where: { code: o.industryCode } }))) {
      problems.push(violation('industryCode', 'exists', `行业门类 ${o.industryCode} 不存在`, `industry section ${o.industryCode} does not exist`));
    }
    if (o.kind === 'union') {
      if (o.unionLevel === 'enterprise' && !o.enterpriseId) {
        problems.push(violation('enterpriseId', 'isDefined', '企业工会须指明所属企业 enterpriseId', 'an enterprise union needs enterpriseId'));
      }
      if (o.enterpriseId) {
        const enterprise = await manager.findOne(Organisation, { where: { id: o.enterpriseId, kind: 'enterprise' } });
        if (!enterprise || !this.access.inJurisdiction(actor, enterprise.regionCode)) {
          problems.push(violation('enterpriseId', 'exists', `企业 ${o.enterpriseId} 不存在`, `enterprise ${o.enterpriseId} does not exist`));
        }
      }
      if (o.parentId) {
        const parent = await manager.findOne(Organisation, { where: { id: o.parentId, kind: 'union' } });
        if (!parent || parent.unionLevel !== 'federation' || parent.id === o.id) {
          problems.push(violation('parentId', 'isFederation', `上级工会 ${o.parentId} 须为已登记的总工会`, `parent ${o.parentId} must be a registered federation`));
        }
      }
    }
    if (problems.length) throw new ValidationFailed(problems);
    if (o.creditCode) {
      const holder = await manager.findOne(Organisation, { where: { creditCode: o.creditCode } });
      if (holder && holder.id !== o.id) {
        throw new Conflict(
          { zh: `统一社会信用代码 ${o.creditCode} 已登记`, en: `credit code ${o.creditCode} is already registered` },
          { errors: [violation('creditCode', 'unique', '统一社会信用代码已登记', 'credit code already registered')] },
        );
      }
    }
  }
}
