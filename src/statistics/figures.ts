import { COVERING_STATES } from './rollup-sql.js';

/** The figures of one group (a region, an industry, or all), from the rollups. */
export interface Figures {
  /** Cases by their current state. */
  byState: Record<string, number>;
  cases: number;
  /** Offers sent (OFFER_ISSUED, RENEWAL_OFFERED). */
  offers: number;
  /** Offers answered (agreed or refused). */
  responses: number;
  refusals: number;
  /** Response periods that ran out (RESPONSE_DEADLINE_PASSED). */
  lateResponses: number;
  signed: number;
  filed: number;
  /** Contracts in effect and what they cover (an industry or regional contract: every enterprise it covers). */
  contractsInForce: number;
  enterprisesCovered: number;
  employeesCovered: number;
}

export const emptyFigures = (): Figures => ({ byState: {}, cases: 0, offers: 0, responses: 0, refusals: 0, lateResponses: 0, signed: 0, filed: 0, contractsInForce: 0, enterprisesCovered: 0, employeesCovered: 0 });

/** Which figures each event type counts in. */
export const EVENT_FIGURES: Record<string, (keyof Figures)[]> = {
  OFFER_ISSUED: ['offers'],
  RENEWAL_OFFERED: ['offers'],
  RESPONSE_AGREED: ['responses'],
  RESPONSE_REFUSED: ['responses', 'refusals'],
  RESPONSE_DEADLINE_PASSED: ['lateResponses'],
  SIGNED: ['signed'],
  FILED: ['filed'],
};

/** A row of stats_case_states summed over the other key columns. */
export interface StateRow {
  status: string;
  cases: number;
  enterprises: number;
  employees: number | string;
}

export function addState(f: Figures, row: StateRow): void {
  f.byState[row.status] = (f.byState[row.status] ?? 0) + row.cases;
  f.cases += row.cases;
  if (COVERING_STATES.includes(row.status)) {
    f.contractsInForce += row.cases;
    f.enterprisesCovered += row.enterprises;
    f.employeesCovered += Number(row.employees);
  }
}

export function addEvents(f: Figures, eventType: string, events: number): void {
  for (const figure of EVENT_FIGURES[eventType] ?? []) (f[figure] as number) += events;
}

export function getOr<T>(map: Map<string, T>, key: string, make: () => T): T {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}
