import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy } from '../common/access/access-policy.js';
import type { Actor } from '../common/auth/actor.js';
import { fieldViolation, Forbidden, NotFound, ValidationFailed, type FieldViolation } from '../common/errors/domain-error.js';
import { RegionDirectory } from '../organisations/region-directory.js';
import type { CampaignTargetDto, CampaignView, CreateCampaignDto, UpdateCampaignDto } from './dto/campaign.dto.js';
import { CampaignTarget } from './entities/campaign-target.entity.js';
import { Campaign } from './entities/campaign.entity.js';

const campaignNotFound = (id: string) => new NotFound({ zh: '集中要约活动', en: 'Campaign' }, id);
const rate = (v: string | null) => (v === null ? null : Number(v));

@Injectable()
export class CampaignsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(RegionDirectory) private readonly regions: RegionDirectory,
  ) {}

  /** A campaign reaches an actor when its scope holds their region or lies within their jurisdiction. */
  visible(actor: Actor, c: Campaign): boolean {
    return this.access.inJurisdiction(actor, c.regionCode) || this.regions.isWithin(actor.regionCode, c.regionCode);
  }

  /** The campaign, or 404 unless it reaches the actor. */
  async get(actor: Actor, id: string): Promise<Campaign> {
    this.access.assert(actor, 'campaign.read');
    const c = await this.dataSource.getRepository(Campaign).findOneBy({ id });
    if (!c || !this.visible(actor, c)) throw campaignNotFound(id);
    return c;
  }

  /**
   * The campaign for `action`, 404 unless it reaches the actor. Managing it needs its whole scope in the
   * actor's jurisdiction; importing, exporting and bulk offers work on the part that is (see scopeRoot).
   */
  async getFor(actor: Actor, id: string, action: 'campaign.manage' | 'roster.import' | 'ledger.export' | 'offers.bulk'): Promise<Campaign> {
    const c = await this.get(actor, id);
    this.access.assert(actor, action);
    if (action === 'campaign.manage' && !this.access.inJurisdiction(actor, c.regionCode)) {
      throw new Forbidden({ zh: `活动“${c.name}”的范围大于您的管辖范围，只能由上级修改`, en: `campaign “${c.name}” reaches beyond your jurisdiction: only a higher federation may change it` });
    }
    return c;
  }

  /** The root of the part of the campaign's scope in the actor's jurisdiction. */
  scopeRoot(actor: Actor, c: Campaign): string {
    return this.access.inJurisdiction(actor, c.regionCode) ? c.regionCode : actor.regionCode;
  }

  async list(actor: Actor): Promise<CampaignView[]> {
    this.access.assert(actor, 'campaign.read');
    const path = this.access.subtreePath(actor);
    const rows = await this.dataSource
      .getRepository(Campaign)
      .createQueryBuilder('c')
      .innerJoin('c.region', 'r')
      .where("(r.path LIKE :sub OR :path LIKE r.path || '%')", { sub: `${path}%`, path })
      .orderBy('c.starts_on', 'DESC')
      .addOrderBy('c.id')
      .getMany();
    return this.views(rows);
  }

  async view(actor: Actor, id: string): Promise<CampaignView> {
    return (await this.views([await this.get(actor, id)]))[0];
  }

  async create(actor: Actor, dto: CreateCampaignDto): Promise<CampaignView> {
    const regionCode = dto.regionCode ?? actor.regionCode;
    if (!this.regions.get(regionCode)) throw new ValidationFailed([fieldViolation('regionCode', 'exists', `行政区划 ${regionCode} 不存在`, `region ${regionCode} does not exist`)]);
    this.access.assert(actor, 'campaign.manage', { regionCode });
    const problems = [...this.periodProblems(dto.startsOn, dto.endsOn), ...this.targetProblems(regionCode, dto.targets ?? [])];
    if (problems.length) throw new ValidationFailed(problems);
    const id = randomUUID();
    await this.dataSource.transaction(async (m) => {
      await m.insert(Campaign, { id, name: dto.name, startsOn: dto.startsOn, endsOn: dto.endsOn, regionCode, kinds: dto.kinds, organisationId: actor.organisationId, createdBy: actor.userId });
      await this.writeTargets(m, id, dto.targets ?? []);
    });
    return this.view(actor, id);
  }

  async update(actor: Actor, id: string, dto: UpdateCampaignDto): Promise<CampaignView> {
    const c = await this.getFor(actor, id, 'campaign.manage');
    const startsOn = dto.startsOn ?? c.startsOn;
    const endsOn = dto.endsOn ?? c.endsOn;
    const problems = this.periodProblems(startsOn, endsOn);
    if (problems.length) throw new ValidationFailed(problems);
    await this.dataSource.getRepository(Campaign).update({ id }, { name: dto.name ?? c.name, startsOn, endsOn, kinds: dto.kinds ?? c.kinds });
    return this.view(actor, id);
  }

  async replaceTargets(actor: Actor, id: string, targets: CampaignTargetDto[]): Promise<CampaignView> {
    const c = await this.getFor(actor, id, 'campaign.manage');
    const problems = this.targetProblems(c.regionCode, targets);
    if (problems.length) throw new ValidationFailed(problems);
    await this.dataSource.transaction(async (m) => {
      await m.delete(CampaignTarget, { campaignId: id });
      await this.writeTargets(m, id, targets);
    });
    return this.view(actor, id);
  }

  async targets(campaignId: string): Promise<CampaignTarget[]> {
    return this.dataSource.getRepository(CampaignTarget).find({ where: { campaignId }, order: { regionCode: 'ASC' } });
  }

  private periodProblems(startsOn: string, endsOn: string): FieldViolation[] {
    return endsOn < startsOn ? [fieldViolation('endsOn', 'notBeforeStart', `结束日期 ${endsOn} 早于开始日期 ${startsOn}`, `endsOn ${endsOn} is before startsOn ${startsOn}`)] : [];
  }

  private targetProblems(scope: string, targets: CampaignTargetDto[]): FieldViolation[] {
    const problems: FieldViolation[] = [];
    const seen = new Set<string>();
    targets.forEach((t, i) => {
      if (!this.regions.isWithin(t.regionCode, scope)) problems.push(fieldViolation(`targets.${i}.regionCode`, 'inScope', `地区 ${t.regionCode} 不在活动范围内`, `region ${t.regionCode} is outside the campaign’s scope`));
      if (seen.has(t.regionCode)) problems.push(fieldViolation(`targets.${i}.regionCode`, 'unique', `地区 ${t.regionCode} 的目标重复`, `region ${t.regionCode} has two targets`));
      seen.add(t.regionCode);
    });
    return problems;
  }

  private async writeTargets(m: EntityManager, campaignId: string, targets: CampaignTargetDto[]) {
    if (!targets.length) return;
    const n = (v: number | undefined) => (v === undefined ? null : String(v));
    await m.insert(
      CampaignTarget,
      targets.map((t) => ({
        campaignId,
        regionCode: t.regionCode,
        offerRate: n(t.offerRate),
        responseRate: n(t.responseRate),
        signingRate: n(t.signingRate),
        filingRate: n(t.filingRate),
        establishmentRate: n(t.establishmentRate),
        employeesCovered: t.employeesCovered ?? null,
      })),
    );
  }

  private async views(rows: Campaign[]): Promise<CampaignView[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const [targets, sizes] = await Promise.all([
      this.dataSource.getRepository(CampaignTarget).createQueryBuilder('t').where('t.campaign_id = ANY(:ids)', { ids }).orderBy('t.region_code').getMany(),
      this.dataSource.query('SELECT campaign_id, count(*)::int AS n FROM campaign_enterprises WHERE campaign_id = ANY($1) GROUP BY 1', [ids]) as Promise<{ campaign_id: string; n: number }[]>,
    ]);
    const size = new Map(sizes.map((s) => [s.campaign_id, s.n]));
    return rows.map((c) => ({
      id: c.id,
      name: c.name,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      regionCode: c.regionCode,
      regionName: this.regions.get(c.regionCode)?.name ?? c.regionCode,
      kinds: c.kinds,
      organisationId: c.organisationId,
      rosterSize: size.get(c.id) ?? 0,
      targets: targets
        .filter((t) => t.campaignId === c.id)
        .map((t) => ({
          regionCode: t.regionCode,
          regionName: this.regions.get(t.regionCode)?.name ?? t.regionCode,
          offerRate: rate(t.offerRate),
          responseRate: rate(t.responseRate),
          signingRate: rate(t.signingRate),
          filingRate: rate(t.filingRate),
          establishmentRate: rate(t.establishmentRate),
          employeesCovered: t.employeesCovered,
        })),
      createdAt: c.createdAt,
    }));
  }
}
