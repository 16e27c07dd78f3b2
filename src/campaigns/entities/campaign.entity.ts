import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { Organisation } from '../../organisations/entities/organisation.entity.js';
import { Region } from '../../organisations/entities/region.entity.js';

/**
 * A concentrated offer month (集中要约月) campaign: a period, a region subtree and the contract kinds in
 * scope. A case started within the period, in the subtree, of a kind in scope belongs to it.
 */
@Entity('campaigns')
@Check('chk_campaigns_period', `"ends_on" >= "starts_on"`)
@Index('idx_campaigns_region', ['regionCode'])
export class Campaign {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn: string;

  /** Root of the campaign's scope: this region and its subtree. */
  @Column({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', foreignKeyConstraintName: 'fk_campaigns_region' })
  region?: Relation<Region>;

  /** Contract kinds in scope (comprehensive, wage, …). */
  @Column({ type: 'jsonb' })
  kinds: string[];

  /** The federation that runs it. */
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_campaigns_organisation' })
  organisation?: Relation<Organisation>;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
