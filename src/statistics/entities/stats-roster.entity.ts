import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A campaign's roster (enterprises in scope, 已建会企业) by the enterprise's county and industry, with their
 * employees. Kept by statement triggers on campaign_enterprises (rows added, removed) and organisations (an
 * enterprise's region, industry or headcount changed), created in migration CampaignStatistics; whatever
 * writes the roster, the figures follow in the same transaction. The recount rebuilds it.
 */
@Entity('stats_roster')
export class StatsRosterRecord {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @PrimaryColumn({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode: string;

  /** GB/T 4754 section letter, '' when the enterprise has none. */
  @PrimaryColumn({ name: 'industry_code', type: 'varchar', length: 1 })
  industryCode: string;

  @Column({ type: 'integer' })
  enterprises: number;

  @Column({ type: 'bigint' })
  employees: string;
}
