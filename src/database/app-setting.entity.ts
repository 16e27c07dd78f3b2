import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Service-wide values that every instance must share (e.g. the generated JWT secret). */
@Entity('app_settings')
export class AppSetting {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'text' })
  value: string;
}
