import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { User } from '../../accounts/entities/user.entity.js';
import { Organisation } from '../../organisations/entities/organisation.entity.js';
import { Region } from '../../organisations/entities/region.entity.js';

/** A full-time bargaining instructor (集体协商专职指导员), appointed by a city or county federation. */
@Entity('instructors')
@Index('idx_instructors_region', ['regionCode'])
export class Instructor {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** The instructor's account, if they sign in. */
  @Index('uq_instructors_user', { unique: true, where: '"user_id" IS NOT NULL' })
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_instructors_user' })
  user?: Relation<User>;

  /** The appointing federation. */
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_instructors_organisation' })
  organisation?: Relation<Organisation>;

  /** The region they serve (and its subtree). */
  @Column({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', foreignKeyConstraintName: 'fk_instructors_region' })
  region?: Relation<Region>;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  qualifications: string[];

  @Column({ name: 'appointed_on', type: 'date' })
  appointedOn: string;

  @Column({ name: 'appointment_ends_on', type: 'date', nullable: true })
  appointmentEndsOn: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
