import type { Actor } from '../common/auth/actor.js';
import type { Sql } from './case-store.js';
import type { CaseRecord } from './entities/case.entity.js';
import type { CaseFacts } from './machine/case-context.js';

/** Provided by the domains that know things the machine does not (the compliance checker, accounts). */
export const CASE_FACTS = Symbol('CASE_FACTS');

export interface CaseFactsRequest {
  caseRow: CaseRecord;
  /** The enterprises the case covers (industry/regional: each may act as the employer side). */
  enterpriseIds: string[];
  type: string;
  payload: Record<string, unknown> & { occurredOn: string };
  actor: Actor;
  /** The guards of the transitions the event may take: a source looks up only what they weigh. */
  guards: string[];
  /** The parameters of the case's workflow definition. */
  params: Record<string, number>;
  /** Reads on the event's own transaction when it has one. */
  sql: Sql;
}

export interface GatheredFacts {
  facts: CaseFacts;
  /** Added to the stored payload, so that the log says what the guard weighed (e.g. the draft version signed). */
  record?: Record<string, unknown>;
}

export interface CaseFactsSource {
  factsFor(request: CaseFactsRequest): Promise<GatheredFacts | undefined>;
}

/** The event types whose consequences run after the transition (through case_outbox), given by the domains that handle them. */
export const OUTBOX_EVENT_TYPES = Symbol('OUTBOX_EVENT_TYPES');
