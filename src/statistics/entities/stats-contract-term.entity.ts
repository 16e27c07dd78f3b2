import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The renewal pipeline: contracts in effect (effective, in force, renewal window) by the day their term
 * ends × county × industry × kind, whatever campaign they came from. Contracts ending within three or six
 * months are a range of term_end, the key's first column. Kept by the engine in the statement that writes
 * each event (−1 at the old term end when the case was in effect, +1 at the new one when it is); the
 * recount rebuilds it from `cases`.
 */
@Entity('stats_contract_terms')
export class StatsContractTermRecord {
  @PrimaryColumn({ name: 'term_end', type: 'date' })
  termEnd: string;

  @PrimaryColumn({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode: string;

  /** GB/T 4754 section letter, '' when the case has none. */
  @PrimaryColumn({ name: 'industry_code', type: 'varchar', length: 1 })
  industryCode: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'integer' })
  contracts: number;

  @Column({ type: 'integer' })
  enterprises: number;

  @Column({ type: 'bigint' })
  employees: string;
}
