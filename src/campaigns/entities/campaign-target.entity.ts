import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Region } from '../../organisations/entities/region.entity.js';
import { Campaign } from './campaign.entity.js';

/** A campaign's targets for one region of its scope; rates in per cent (0–100), null where none is set. */
@Entity('campaign_targets')
@Check('chk_campaign_targets_rates', `COALESCE("offer_rate", 0) BETWEEN 0 AND 100 AND COALESCE("response_rate", 0) BETWEEN 0 AND 100 AND COALESCE("signing_rate", 0) BETWEEN 0 AND 100 AND COALESCE("filing_rate", 0) BETWEEN 0 AND 100 AND COALESCE("establishment_rate", 0) BETWEEN 0 AND 100 AND COALESCE("employees_covered", 0) >= 0`)
export class CampaignTarget {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => Campaign, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_campaign_targets_campaign' })
  campaign?: Relation<Campaign>;

  @PrimaryColumn({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', foreignKeyConstraintName: 'fk_campaign_targets_region' })
  region?: Relation<Region>;

  /** Offers issued / enterprises in scope. */
  @Column({ name: 'offer_rate', type: 'numeric', precision: 5, scale: 2, nullable: true })
  offerRate: string | null;

  /** Offers answered / offers issued (应约尽约: 100). */
  @Column({ name: 'response_rate', type: 'numeric', precision: 5, scale: 2, nullable: true })
  responseRate: string | null;

  /** Contracts signed / offers issued. */
  @Column({ name: 'signing_rate', type: 'numeric', precision: 5, scale: 2, nullable: true })
  signingRate: string | null;

  /** Contracts filed / contracts signed. */
  @Column({ name: 'filing_rate', type: 'numeric', precision: 5, scale: 2, nullable: true })
  filingRate: string | null;

  /** 动态建制率: enterprises with a contract in force / enterprises in scope. */
  @Column({ name: 'establishment_rate', type: 'numeric', precision: 5, scale: 2, nullable: true })
  establishmentRate: string | null;

  @Column({ name: 'employees_covered', type: 'integer', nullable: true })
  employeesCovered: number | null;
}
