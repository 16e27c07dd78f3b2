import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Campaign } from './campaign.entity.js';

export interface RosterProblem {
  row: number;
  column: string;
  rule: string;
  message_zh: string;
  message_en: string;
}

/** One roster import: its mode, outcome and per-row report (the first problems, and how many in all). */
@Entity('roster_imports')
@Check('chk_roster_imports_mode', `"mode" IN ('all_or_nothing', 'skip_bad_rows')`)
@Check('chk_roster_imports_status', `"status" IN ('running', 'imported', 'rejected', 'failed')`)
@Index('idx_roster_imports_campaign', ['campaignId'])
export class RosterImport {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => Campaign, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_roster_imports_campaign' })
  campaign?: Relation<Campaign>;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'varchar', length: 16 })
  mode: 'all_or_nothing' | 'skip_bad_rows';

  @Column({ type: 'varchar', length: 16 })
  status: 'running' | 'imported' | 'rejected' | 'failed';

  @Column({ name: 'total_rows', type: 'integer', default: 0 })
  totalRows: number;

  @Column({ type: 'integer', default: 0 })
  inserted: number;

  @Column({ type: 'integer', default: 0 })
  updated: number;

  @Column({ type: 'integer', default: 0 })
  skipped: number;

  @Column({ name: 'problem_count', type: 'integer', default: 0 })
  problemCount: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  problems: RosterProblem[];

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
