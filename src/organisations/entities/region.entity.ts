import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type RegionLevel = 'province' | 'prefecture' | 'county';

/** An administrative division (GB/T 2260). `path` lists the codes from the province down, for subtree queries. */
@Entity('regions')
export class Region {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  code: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  level: RegionLevel;

  @Column({ name: 'parent_code', type: 'varchar', length: 6, nullable: true })
  parentCode: string | null;

  @Index('idx_regions_path')
  @Column({ type: 'varchar', length: 64 })
  path: string;
}
