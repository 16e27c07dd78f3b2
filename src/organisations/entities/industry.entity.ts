import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A section (门类) of GB/T 4754-2017. */
@Entity('industries')
export class Industry {
  @PrimaryColumn({ type: 'varchar', length: 1 })
  code: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;
}
