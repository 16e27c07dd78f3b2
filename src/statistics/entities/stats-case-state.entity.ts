import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How many cases are in each state, by campaign × county × industry × kind, with the enterprises and
 * employees they cover (an industry or regional contract counts every enterprise it covers). Kept by the
 * engine in the statement that writes each event (−1 on the state left, +1 on the state entered); the
 * recount rebuilds it from `cases` (StatisticsService.recount).
 */
@Entity('stats_case_states')
export class StatsCaseStateRecord {
  /** The case's campaign, or the nil UUID for cases outside any campaign (a key column cannot be null). */
  @PrimaryColumn({ name: 'campaign_key', type: 'uuid' })
  campaignKey: string;

  @PrimaryColumn({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode: string;

  /** GB/T 4754 section letter, '' when the case has none. */
  @PrimaryColumn({ name: 'industry_code', type: 'varchar', length: 1 })
  industryCode: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  status: string;

  @Column({ type: 'integer' })
  cases: number;

  @Column({ type: 'integer' })
  enterprises: number;

  @Column({ type: 'bigint' })
  employees: string;
}
