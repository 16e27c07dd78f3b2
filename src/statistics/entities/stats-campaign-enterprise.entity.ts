import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A campaign's enterprises as its rates count them: each roster enterprise (rostered), and each enterprise that
 * received an offer in a case of the campaign (offered; off the roster too), with its county and industry and its
 * contracts in effect in any case (roster rows only; 0 off the roster). enterprisesOffered and
 * enterprisesEstablished are counts of the rostered rows of a region/industry (an index of them alone). Kept by
 * the engine in the statement of each event and by triggers on campaign_enterprises and organisations
 * (migration CampaignEnterpriseRates), always by INSERT … ON CONFLICT on this row or stats_enterprise_contracts',
 * so that concurrent writers wait for each other; the recount rebuilds it.
 */
@Entity('stats_campaign_enterprises')
@Index('idx_stats_campaign_enterprises_enterprise', ['enterpriseId'])
@Index('idx_stats_campaign_enterprises_rostered', ['campaignId', 'regionCode', 'industryCode', 'offered', 'contracts'], { where: 'rostered' })
export class StatsCampaignEnterpriseRecord {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @PrimaryColumn({ name: 'enterprise_id', type: 'uuid' })
  enterpriseId: string;

  @Column({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode: string;

  /** GB/T 4754 section letter, '' when the enterprise has none. */
  @Column({ name: 'industry_code', type: 'varchar', length: 1 })
  industryCode: string;

  @Column({ type: 'boolean' })
  rostered: boolean;

  @Column({ type: 'boolean' })
  offered: boolean;

  @Column({ type: 'integer' })
  contracts: number;
}
