import { Column, Entity, Index, PrimaryColumn, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { CaseRecord } from './case.entity.js';
import { Organisation } from '../../organisations/entities/organisation.entity.js';

/** The enterprises a case covers, with their headcounts: one row for an enterprise case, many for industry/regional ones. */
@Entity('case_enterprises')
@Index('idx_case_enterprises_enterprise', ['enterpriseId'])
export class CaseEnterprise {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_enterprises_case' })
  case?: Relation<CaseRecord>;

  @PrimaryColumn({ name: 'enterprise_id', type: 'uuid' })
  enterpriseId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enterprise_id', foreignKeyConstraintName: 'fk_case_enterprises_enterprise' })
  enterprise?: Relation<Organisation>;

  @Column({ type: 'integer' })
  employees: number;
}
