import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONTRACT_KIND_TITLES, type CONTRACT_KINDS } from '../../../bargaining/dto/case.dto.js';
import type { Actor } from '../../../common/auth/actor.js';
import { Forbidden, type Bilingual } from '../../../common/errors/domain-error.js';
import { Organisation } from '../../../organisations/entities/organisation.entity.js';
import { RegionDirectory } from '../../../organisations/region-directory.js';
import { CaseWorkflowService } from '../../../workflow-engine/case-workflow.service.js';
import { WorkflowRegistry } from '../../../workflow-engine/workflow-registry.js';

type Kind = (typeof CONTRACT_KINDS)[number];

const KIND_EN: Record<Kind, string> = {
  comprehensive: 'Comprehensive collective contract',
  wage: 'Special contract on wages',
  women_workers: 'Special contract on women workers’ rights',
  safety_health: 'Special contract on occupational safety and health',
  industry: 'Industry-wide collective contract',
  regional: 'Regional collective contract',
};

export const kindLabel = (kind: string): Bilingual => ({ zh: CONTRACT_KIND_TITLES[kind as Kind] ?? kind, en: KIND_EN[kind as Kind] ?? kind });

/** How many enterprises an industry or regional union may tick on the form (nearest first by name). */
const ENTERPRISE_CHOICES = 200;

export interface StartChoices {
  /** Industry or regional bargaining (the kinds of that workflow; covered enterprises listed). */
  industrial: boolean;
  unions: { id: string; name: string }[];
  employers: { id: string; name: string }[];
  /** Whether the employer side may be left empty (industry/regional: the association, if any). */
  employerOptional: boolean;
  enterprises: { id: string; name: string; employees: number }[];
  kinds: { value: string; label: Bilingual }[];
  campaigns: { id: string; name: string; period: string; kinds: Bilingual[] }[];
}

/**
 * What the start form offers the caller: the parties within their reach (a union starts with its own
 * enterprise; an employer with its own union; an industry or regional union with the employer associations
 * and enterprises of its region), the contract kinds of the workflow that runs them, and the campaigns
 * running today whose scope holds the case. CasesService.start checks all of it again.
 */
@Injectable()
export class StartCaseService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(WorkflowRegistry) private readonly registry: WorkflowRegistry,
    @Inject(RegionDirectory) private readonly regions: RegionDirectory,
    @Inject(CaseWorkflowService) private readonly engine: CaseWorkflowService,
  ) {}

  async choices(actor: Actor): Promise<StartChoices> {
    if (actor.role !== 'union' && actor.role !== 'employer') {
      throw new Forbidden({ zh: '请以工会或企业方账号发起集体协商', en: 'a case is started from a union’s or an employer’s account' });
    }
    const orgs = this.dataSource.getRepository(Organisation);
    const own = await orgs.findOneBy({ id: actor.organisationId });
    if (!own) throw new Forbidden({ zh: '您的账号未关联组织', en: 'your account belongs to no organisation' });
    const industrial = own.kind === 'employer_association' || (own.kind === 'union' && (own.unionLevel === 'industry' || own.unionLevel === 'regional'));
    const inRegion = (kind: string, extra = '') =>
      orgs
        .createQueryBuilder('o')
        .innerJoin('o.region', 'r')
        .where('o.kind = :kind', { kind })
        .andWhere('r.path LIKE :scope', { scope: `${this.regions.subtreePath(own.regionCode)}%` })
        .andWhere(extra || 'true')
        .orderBy('o.name')
        .limit(ENTERPRISE_CHOICES)
        .getMany();
    let unions: Organisation[];
    let employers: Organisation[];
    let enterprises: Organisation[] = [];
    if (own.kind === 'union') {
      unions = [own];
      employers = industrial ? await inRegion('employer_association') : own.enterpriseId ? await orgs.findBy({ id: own.enterpriseId }) : [];
    } else {
      employers = [own];
      unions = industrial ? await inRegion('union', "o.union_level IN ('industry', 'regional')") : await orgs.find({ where: { kind: 'union', enterpriseId: own.id }, order: { name: 'ASC' } });
    }
    if (industrial) enterprises = await inRegion('enterprise');
    const kinds = [...new Set(this.registry.list().flatMap((w) => w.definition.kinds))].filter((k) => (k === 'industry' || k === 'regional') === industrial);
    const regionCode = industrial ? (unions[0]?.regionCode ?? own.regionCode) : (employers[0]?.regionCode ?? own.regionCode);
    return {
      industrial,
      unions: unions.map((o) => ({ id: o.id, name: o.name })),
      employers: employers.map((o) => ({ id: o.id, name: o.name })),
      employerOptional: industrial,
      enterprises: enterprises.map((o) => ({ id: o.id, name: o.name, employees: o.employees ?? 0 })),
      kinds: kinds.map((k) => ({ value: k, label: kindLabel(k) })),
      campaigns: await this.runningCampaigns(regionCode, kinds),
    };
  }

  /** Campaigns running today whose region holds the case's region and that take one of the kinds. */
  private async runningCampaigns(regionCode: string, kinds: string[]) {
    const region = this.regions.get(regionCode);
    if (!region) return [];
    const today = this.engine.today();
    const rows: { id: string; name: string; starts_on: string; ends_on: string; kinds: string[] }[] = await this.dataSource.query(
      `SELECT c.id, c.name, c.starts_on::text, c.ends_on::text, c.kinds FROM campaigns c JOIN regions r ON r.code = c.region_code
        WHERE c.starts_on <= $1 AND c.ends_on >= $1 AND $2 LIKE r.path || '%' ORDER BY length(r.path) DESC, c.starts_on DESC, c.name`,
      [today, region.path],
    );
    return rows
      .filter((c) => c.kinds.some((k) => kinds.includes(k)))
      .map((c) => ({ id: c.id, name: c.name, period: `${c.starts_on} – ${c.ends_on}`, kinds: c.kinds.filter((k) => kinds.includes(k)).map(kindLabel) }));
  }
}
