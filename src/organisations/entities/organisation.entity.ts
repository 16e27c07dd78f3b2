import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { Industry } from './industry.entity.js';
import { Region } from './region.entity.js';

export const ORGANISATION_KINDS = ['enterprise', 'union', 'employer_association', 'labour_bureau'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** enterprise: 企业工会; industry/regional: 行业/区域工会; federation: 总工会 (city, county, province). */
export const UNION_LEVELS = ['enterprise', 'industry', 'regional', 'federation'] as const;
export type UnionLevel = (typeof UNION_LEVELS)[number];

/**
 * Every party of the procedure is an organisation: enterprises, unions and federations, employer
 * associations and labour bureaus. One table keeps "a user belongs to one organisation" a plain foreign key.
 */
@Entity('organisations')
@Check('chk_organisations_kind', `"kind" IN ('enterprise', 'union', 'employer_association', 'labour_bureau')`)
@Check('chk_organisations_union_level', `("kind" = 'union') = ("union_level" IS NOT NULL)`)
@Check('chk_organisations_employees', `"employees" IS NULL OR "employees" >= 0`)
@Index('idx_organisations_kind_region', ['kind', 'regionCode'])
export class Organisation {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 24 })
  kind: OrganisationKind;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** 统一社会信用代码 (GB 32100-2015), unique where present. */
  @Index('uq_organisations_credit_code', { unique: true, where: '"credit_code" IS NOT NULL' })
  @Column({ name: 'credit_code', type: 'varchar', length: 18, nullable: true })
  creditCode: string | null;

  @Column({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', foreignKeyConstraintName: 'fk_organisations_region' })
  region?: Relation<Region>;

  @Column({ name: 'industry_code', type: 'varchar', length: 1, nullable: true })
  industryCode: string | null;

  @ManyToOne(() => Industry, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'industry_code', foreignKeyConstraintName: 'fk_organisations_industry' })
  industry?: Relation<Industry>;

  @Column({ type: 'integer', nullable: true })
  employees: number | null;

  /** Enterprises only: whether a union has been established (已建会). */
  @Column({ type: 'boolean', nullable: true })
  unionised: boolean | null;

  @Column({ name: 'union_level', type: 'varchar', length: 16, nullable: true })
  unionLevel: UnionLevel | null;

  /** Enterprise unions: the enterprise they belong to. */
  @Index('idx_organisations_enterprise')
  @Column({ name: 'enterprise_id', type: 'uuid', nullable: true })
  enterpriseId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'enterprise_id', foreignKeyConstraintName: 'fk_organisations_enterprise' })
  enterprise?: Relation<Organisation>;

  /** Unions: the parent federation (上级工会). */
  @Index('idx_organisations_parent')
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_organisations_parent' })
  parent?: Relation<Organisation>;

  @Column({ name: 'legal_representative', type: 'varchar', length: 64, nullable: true })
  legalRepresentative: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  address: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
