import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Per enterprise: its contracts in effect (effective, in force, renewal window) in any case, whatever campaign or
 * none, and the campaigns whose roster lists it. The engine adds ±1 per covered enterprise when a case enters or
 * leaves a state in effect, and passes the change on to the enterprise's row of each campaign listed here
 * (stats_campaign_enterprises); the roster triggers add and remove campaigns. Both lock this row first, so that
 * a roster change and a contract taking effect at once see each other (neither reads the other's rows by snapshot).
 */
@Entity('stats_enterprise_contracts')
export class StatsEnterpriseContractRecord {
  @PrimaryColumn({ name: 'enterprise_id', type: 'uuid' })
  enterpriseId: string;

  @Column({ type: 'integer' })
  contracts: number;

  /** The campaigns whose roster lists the enterprise, in order. */
  @Column({ type: 'uuid', array: true })
  campaigns: string[];
}
