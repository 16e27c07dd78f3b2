import type { Actor } from '../src/common/auth/actor.js';
import { EMPLOYEE_TEAM, EMPLOYER_TEAM, samplePayload } from '../src/database/seed/procedure-samples.js';

/** The whole procedure, offer to in force, as (event, who sends it) with valid payloads dated `on`. */
export function happyPath(on: string): { type: string; by: 'union' | 'employer' | 'bureau'; payload: Record<string, unknown> }[] {
  const p = (type: string) => samplePayload(type, on);
  return [
    { type: 'OFFER_ISSUED', by: 'union', payload: p('OFFER_ISSUED') },
    { type: 'RESPONSE_AGREED', by: 'employer', payload: p('RESPONSE_AGREED') },
    { type: 'REPRESENTATIVES_APPOINTED', by: 'union', payload: { occurredOn: on, members: EMPLOYEE_TEAM } },
    { type: 'REPRESENTATIVES_APPOINTED', by: 'employer', payload: { occurredOn: on, members: EMPLOYER_TEAM } },
    { type: 'TALKS_SCHEDULED', by: 'union', payload: p('TALKS_SCHEDULED') },
    { type: 'SESSION_HELD', by: 'union', payload: p('SESSION_HELD') },
    { type: 'DRAFT_AGREED', by: 'union', payload: p('DRAFT_AGREED') },
    { type: 'CONGRESS_VOTED', by: 'union', payload: p('CONGRESS_VOTED') },
    { type: 'SIGNED', by: 'union', payload: p('SIGNED') },
    { type: 'FILED', by: 'employer', payload: p('FILED') },
    { type: 'APPROVED', by: 'bureau', payload: p('APPROVED') },
    { type: 'PUBLISHED', by: 'union', payload: p('PUBLISHED') },
  ];
}

export type Actors = Record<'union' | 'employer' | 'bureau', Actor>;
