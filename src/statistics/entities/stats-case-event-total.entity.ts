import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * stats_case_events without the day: events of each type by campaign × county × industry × kind. A
 * campaign's figures sum a few thousand rows of it instead of one row per day. Kept by the engine in the
 * statement that writes each event; the recount rebuilds it from `case_events`.
 */
@Entity('stats_case_event_totals')
export class StatsCaseEventTotalRecord {
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

  @Column({ type: 'integer' })
  events: number;

  @Column({ type: 'integer' })
  enterprises: number;

  @Column({ type: 'bigint' })
  employees: string;
}
