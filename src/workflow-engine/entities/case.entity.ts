import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { Campaign } from '../../campaigns/entities/campaign.entity.js';
import { Organisation } from '../../organisations/entities/organisation.entity.js';
import { Region } from '../../organisations/entities/region.entity.js';
import { WorkflowDefinitionRecord } from './workflow-definition-record.entity.js';

/**
 * One bargaining case: an instance of a workflow, pinned to its id, version and file hash.
 * No index on status: it changes with almost every event, and an index on it makes every update
 * rewrite all the others (no HOT update); lists are narrowed by region or party first.
 */
@Entity('cases')
@Index('idx_cases_region', ['regionCode'])
@Index('idx_cases_union', ['unionOrgId'])
@Index('idx_cases_employer', ['employerOrgId'])
@Index('idx_cases_campaign', ['campaignId'])
// The campaign's overdue cases, oldest first (the dashboard's list): the columns never change and the flag
// seldom does, so updates stay HOT.
@Index('idx_cases_campaign_overdue', ['campaignId', 'createdAt'], { where: '"overdue"' })
export class CaseRecord {
  /** The case id is the distribution column everywhere (see docs on scaling). */
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  @Column({ name: 'workflow_id', type: 'varchar', length: 64 })
  workflowId: string;

  @Column({ name: 'workflow_version', type: 'integer' })
  workflowVersion: number;

  @ManyToOne(() => WorkflowDefinitionRecord, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'workflow_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_cases_workflow' },
    { name: 'workflow_version', referencedColumnName: 'version', foreignKeyConstraintName: 'fk_cases_workflow' },
  ])
  workflow?: Relation<WorkflowDefinitionRecord>;

  @Column({ name: 'workflow_hash', type: 'char', length: 64 })
  workflowHash: string;

  /** comprehensive, wage, women_workers, safety_health; industry, regional. */
  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  /** The current state. */
  @Column({ type: 'varchar', length: 64 })
  status: string;

  /** XState persisted snapshot: {value, context}. */
  @Column({ type: 'jsonb' })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the machine's context, JSON
  snapshot: { value: string; context: Record<string, any> };

  /** Number of events recorded; the optimistic-concurrency version. */
  @Column({ type: 'integer' })
  version: number;

  /** Hash of the latest event: the next one chains to it without reading the log. */
  @Column({ name: 'last_event_hash', type: 'char', length: 64 })
  lastEventHash: string;

  @Column({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', foreignKeyConstraintName: 'fk_cases_region' })
  region?: Relation<Region>;

  @Column({ name: 'industry_code', type: 'varchar', length: 1, nullable: true })
  industryCode: string | null;

  @Column({ name: 'union_org_id', type: 'uuid' })
  unionOrgId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'union_org_id', foreignKeyConstraintName: 'fk_cases_union' })
  unionOrg?: Relation<Organisation>;

  /** The enterprise, or for industry/regional bargaining the employer association (if any). */
  @Column({ name: 'employer_org_id', type: 'uuid', nullable: true })
  employerOrgId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'employer_org_id', foreignKeyConstraintName: 'fk_cases_employer' })
  employerOrg?: Relation<Organisation>;

  @Column({ name: 'initiator_side', type: 'varchar', length: 8 })
  initiatorSide: 'employee' | 'employer';

  @Column({ name: 'employees_covered', type: 'integer' })
  employeesCovered: number;

  @Column({ name: 'campaign_id', type: 'uuid', nullable: true })
  campaignId: string | null;

  @ManyToOne(() => Campaign, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_cases_campaign' })
  campaign?: Relation<Campaign>;

  /** Renewal: the case this one renews, and the case that renewed this one. */
  @Column({ name: 'previous_case_id', type: 'uuid', nullable: true })
  previousCaseId: string | null;

  @Column({ name: 'next_case_id', type: 'uuid', nullable: true })
  nextCaseId: string | null;

  /** The date of the latest act recorded (none when just opened): a new event may not report an earlier one. */
  @Column({ name: 'last_occurred_on', type: 'date', nullable: true })
  lastOccurredOn: string | null;

  /** A deadline of the current stretch of the procedure has passed. */
  @Column({ type: 'boolean', default: false })
  overdue: boolean;

  @Column({ name: 'term_end', type: 'date', nullable: true })
  termEnd: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
