import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * How many events of each type happened on each day, by campaign × county × industry × kind, with the
 * enterprises and employees of the cases they happened to: offers sent, answered, refused, late, signed,
 * filed… and the daily series. Only ever incremented, by the engine in the statement that writes the event;
 * the recount rebuilds it from `case_events`.
 */
@Entity('stats_case_events')
@Index('idx_stats_case_events_day', ['occurredOn'])
export class StatsCaseEventRecord {
  @PrimaryColumn({ name: 'campaign_key', type: 'uuid' })
  campaignKey: string;

  @PrimaryColumn({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode: string;

  @PrimaryColumn({ name: 'industry_code', type: 'varchar', length: 1 })
  industryCode: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind: string;

  @PrimaryColumn({ name: 'event_type', type: 'varchar', length: 64 })
  eventType: string;

  @PrimaryColumn({ name: 'occurred_on', type: 'date' })
  occurredOn: string;

  @Column({ type: 'integer' })
  events: number;

  @Column({ type: 'integer' })
  enterprises: number;

  @Column({ type: 'bigint' })
  employees: string;
}
