import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The daily series: events of each type per day by campaign × county (no industry, no kind), so that a
 * campaign's series sums one row per county, type and day. Kept by the engine in the statement that writes
 * each event; the recount rebuilds it from `case_events`. Filtered by industry or kind, the series is read
 * from stats_case_events instead.
 */
@Entity('stats_daily_events')
export class StatsDailyEventRecord {
  @PrimaryColumn({ name: 'campaign_key', type: 'uuid' })
  campaignKey: string;

  @PrimaryColumn({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode: string;

  @PrimaryColumn({ name: 'event_type', type: 'varchar', length: 64 })
  eventType: string;

  @PrimaryColumn({ name: 'occurred_on', type: 'date' })
  occurredOn: string;

  @Column({ type: 'integer' })
  events: number;
}
