import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { fieldViolation, ValidationFailed } from '../common/errors/domain-error.js';
import { RegionDirectory } from '../organisations/region-directory.js';
import { Campaign } from './entities/campaign.entity.js';

/**
 * Which campaign a new case belongs to: the one named, if the case fits it (period, region, kind), or
 * else the running campaign whose scope holds the case, the narrowest region first.
 */
@Injectable()
export class CampaignScope {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(RegionDirectory) private readonly regions: RegionDirectory,
  ) {}

  async resolve(input: { campaignId?: string | null; regionCode: string; kind: string; on: string }): Promise<string | null> {
    if (input.campaignId) {
      const c = await this.dataSource.getRepository(Campaign).findOneBy({ id: input.campaignId });
      const field = 'campaignId';
      if (!c) throw new ValidationFailed([fieldViolation(field, 'exists', `集中要约活动 ${input.campaignId} 不存在`, `campaign ${input.campaignId} does not exist`)]);
      const problems = [];
      // Outside its scope the campaign may lie outside the caller's jurisdiction too: its name is not told.
      if (!this.regions.isWithin(input.regionCode, c.regionCode)) throw new ValidationFailed([fieldViolation(field, 'inScope', '案件所在地区不在该活动的范围内', 'the case’s region is outside the campaign’s scope')]);
      if (!c.kinds.includes(input.kind)) problems.push(fieldViolation(field, 'kindInScope', `活动“${c.name}”不含此类集体合同`, `campaign “${c.name}” does not cover contracts of kind ${input.kind}`));
      if (input.on < c.startsOn || input.on > c.endsOn) problems.push(fieldViolation(field, 'inPeriod', `活动“${c.name}”的期间为 ${c.startsOn} 至 ${c.endsOn}`, `campaign “${c.name}” runs from ${c.startsOn} to ${c.endsOn}`));
      if (problems.length) throw new ValidationFailed(problems);
      return c.id;
    }
    const region = this.regions.get(input.regionCode);
    if (!region) return null;
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT c.id FROM campaigns c JOIN regions r ON r.code = c.region_code
        WHERE c.starts_on <= $1 AND c.ends_on >= $1 AND c.kinds ? $2 AND $3 LIKE r.path || '%'
        ORDER BY length(r.path) DESC, c.starts_on DESC, c.created_at DESC LIMIT 1`,
      [input.on, input.kind, region.path],
    );
    return rows[0]?.id ?? null;
  }
}
