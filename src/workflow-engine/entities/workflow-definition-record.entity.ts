import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Every workflow version any case may be pinned to, as registered from its file. A running case
 * replays against this stored definition, so deleting or editing a file never changes it.
 */
@Entity('workflow_definitions')
export class WorkflowDefinitionRecord {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @PrimaryColumn({ type: 'integer' })
  version: number;

  /** sha256 of the file's bytes. */
  @Column({ type: 'char', length: 64 })
  hash: string;

  /** json, not jsonb: kept verbatim, in the file's order. */
  @Column({ type: 'json' })
  definition: object;

  @Column({ type: 'varchar', length: 300 })
  file: string;

  @CreateDateColumn({ name: 'registered_at', type: 'timestamptz' })
  registeredAt: Date;
}
