import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Organisation } from '../../organisations/entities/organisation.entity.js';
import { Campaign } from './campaign.entity.js';

/** The campaign's roster: the enterprises in scope (已建会企业), imported from a spreadsheet. */
@Entity('campaign_enterprises')
@Index('idx_campaign_enterprises_enterprise', ['enterpriseId'])
export class CampaignEnterprise {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => Campaign, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_campaign_enterprises_campaign' })
  campaign?: Relation<Campaign>;

  @PrimaryColumn({ name: 'enterprise_id', type: 'uuid' })
  enterpriseId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enterprise_id', foreignKeyConstraintName: 'fk_campaign_enterprises_enterprise' })
  enterprise?: Relation<Organisation>;

  /** The import that last wrote this row. */
  @Column({ name: 'import_id', type: 'uuid', nullable: true })
  importId: string | null;
}
