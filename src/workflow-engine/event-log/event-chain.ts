import { createHash } from 'node:crypto';

// hash = sha256(prev_hash ‖ "\n" ‖ canonical event). The canonical form is JSON with keys sorted at
// every level (RFC 8785 style for the values we store: strings, integers, booleans, null, arrays, objects),
// so the same event always hashes the same whatever the order its fields were written in.

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedEvent {
  caseId: string;
  seq: number;
  type: string;
  actorId: string | null;
  actorRole: string;
  payload: Record<string, unknown>;
  fromState: string | null;
  toState: string;
  occurredOn: string;
  recordedAt: Date;
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number in an event');
    return JSON.stringify(value ?? null);
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  let out = '';
  for (const key of Object.keys(record).sort()) {
    const v = record[key];
    if (v === undefined) continue;
    out += `${out ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(v)}`;
  }
  return `{${out}}`;
}

export function canonicalEvent(e: ChainedEvent): string {
  return canonicalJson({
    caseId: e.caseId,
    seq: e.seq,
    type: e.type,
    actorId: e.actorId,
    actorRole: e.actorRole,
    payload: e.payload,
    fromState: e.fromState,
    toState: e.toState,
    occurredOn: e.occurredOn,
    recordedAt: e.recordedAt.toISOString(),
  });
}

export function chainHash(prevHash: string, event: ChainedEvent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalEvent(event)).digest('hex');
}

export interface ChainVerdict {
  valid: boolean;
  length: number;
  /** The first link that does not hold, and why. */
  firstBroken?: { seq: number; reason: 'sequence-gap' | 'prev-hash-mismatch' | 'hash-mismatch'; expected: string | number; found: string | number };
}

/** Walks a case's events in seq order and names the first broken link. */
export function verifyChain(events: (ChainedEvent & { prevHash: string; hash: string })[]): ChainVerdict {
  let prev = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.seq !== i + 1) return { valid: false, length: events.length, firstBroken: { seq: e.seq, reason: 'sequence-gap', expected: i + 1, found: e.seq } };
    if (e.prevHash !== prev) return { valid: false, length: events.length, firstBroken: { seq: e.seq, reason: 'prev-hash-mismatch', expected: prev, found: e.prevHash } };
    const expected = chainHash(prev, e);
    if (e.hash !== expected) return { valid: false, length: events.length, firstBroken: { seq: e.seq, reason: 'hash-mismatch', expected, found: e.hash } };
    prev = e.hash;
  }
  return { valid: true, length: events.length };
}
