import type { DataSource } from 'typeorm';
import { StatisticsRecount } from '../../../src/statistics/statistics-recount.js';
import { CaseEventRecord } from '../../../src/workflow-engine/entities/case-event.entity.js';
import { verifyChain } from '../../../src/workflow-engine/event-log/event-chain.js';
import type { DueDeadline } from './back-dated-deadlines.js';
import type { Ack } from './procedure-clients.js';

// What must hold after any crash, restart or race, read from the database itself. Each check names what
// it found wrong in one line; an empty list means all hold. test/hardening/invariants.e2e.spec.ts breaks
// each one on purpose to show the check sees it.

export interface InvariantFigures {
  cases: number;
  events: number;
  acknowledged: number;
  chainsVerified: number;
  deadlinesExpected: number;
  deadlineEvents: number;
  rollupRowsCompared: string;
}

export interface InvariantReport {
  figures: InvariantFigures;
  violations: string[];
}

export async function checkInvariants(dataSource: DataSource, input: { acks: Ack[]; dueDeadlines: DueDeadline[]; now?: Date }): Promise<InvariantReport> {
  const violations: string[] = [];
  const q = <T>(sql: string, params: unknown[] = []) => dataSource.query(sql, params) as Promise<T[]>;

  // 1. Every acknowledged event is in the log exactly once, at the version the client was given.
  const seen = new Map<string, Ack>();
  for (const a of input.acks) {
    const at = `${a.caseId}@${a.version}`;
    const before = seen.get(at);
    if (before && (before.key !== a.key || before.key === null)) violations.push(`lost update: version ${a.version} of case ${a.caseId} acknowledged twice (${before.type}, ${a.type})`);
    seen.set(at, a);
  }
  if (input.acks.length > 0) {
    const missing = await q<{ case_id: string; seq: number; type: string; found: string | null; same: number }>(
      `SELECT a.case_id, a.seq, a.type, e.type AS found,
              (SELECT count(*)::int FROM case_events d WHERE d.case_id = a.case_id AND d.type = e.type AND d.payload = e.payload) AS same
         FROM unnest($1::uuid[], $2::int[], $3::text[]) AS a(case_id, seq, type)
         LEFT JOIN case_events e ON e.case_id = a.case_id AND e.seq = a.seq
        WHERE e.type IS DISTINCT FROM a.type
           OR (SELECT count(*) FROM case_events d WHERE d.case_id = a.case_id AND d.type = e.type AND d.payload = e.payload) <> 1`,
      [input.acks.map((a) => a.caseId), input.acks.map((a) => a.version), input.acks.map((a) => a.type)],
    );
    for (const m of missing) {
      violations.push(m.found === m.type ? `acknowledged ${m.type} stored ${m.same} times in case ${m.case_id}` : `acknowledged ${m.type} (version ${m.seq}) of case ${m.case_id} not stored (found ${m.found ?? 'nothing'})`);
    }
    const keyed = input.acks.filter((a) => a.key !== null);
    const keys = await q<{ case_id: string; key: string; seq: number; stored: number | null }>(
      `SELECT a.case_id, a.key, a.seq, k.seq AS stored
         FROM unnest($1::uuid[], $2::text[], $3::int[]) AS a(case_id, key, seq)
         LEFT JOIN case_idempotency_keys k ON k.case_id = a.case_id AND k.key = a.key
        WHERE k.seq IS DISTINCT FROM a.seq`,
      [keyed.map((a) => a.caseId), keyed.map((a) => a.key), keyed.map((a) => a.version)],
    );
    for (const k of keys) violations.push(`Idempotency-Key ${k.key} of case ${k.case_id}: acknowledged as version ${k.seq}, stored ${k.stored ?? 'nowhere'}`);
  }

  // 2. No version gap: a case's version is the number of its events, seq runs 1..version.
  const gaps = await q<{ id: string; version: number; n: number | null; low: number | null; high: number | null }>(
    `SELECT c.id, c.version, e.n, e.low, e.high FROM cases c
       LEFT JOIN (SELECT case_id, count(*)::int AS n, min(seq) AS low, max(seq) AS high FROM case_events GROUP BY case_id) e ON e.case_id = c.id
      WHERE e.n IS DISTINCT FROM c.version OR e.low <> 1 OR e.high <> c.version`,
  );
  for (const g of gaps) violations.push(`version gap in case ${g.id}: version ${g.version}, ${g.n ?? 0} events, seq ${g.low ?? '-'}..${g.high ?? '-'}`);

  // 3. Every hash chain verifies (the service's own verification, as GET …/history/verify and the CLI run it).
  const events = await dataSource.getRepository(CaseEventRecord).find({ order: { caseId: 'ASC', seq: 'ASC' } });
  const byCase = new Map<string, CaseEventRecord[]>();
  for (const e of events) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
  for (const [caseId, log] of byCase) {
    const verdict = verifyChain(log);
    if (!verdict.valid) violations.push(`hash chain of case ${caseId} broken at seq ${verdict.firstBroken!.seq} (${verdict.firstBroken!.reason})`);
  }

  // 4. Deadlines: none left due, none fired twice, each one made due fired exactly once.
  const due = await q<{ case_id: string; key: string; due_at: Date }>(`SELECT case_id, key, due_at FROM case_deadlines WHERE due_at <= $1`, [input.now ?? new Date()]);
  for (const d of due) violations.push(`deadline ${d.key} of case ${d.case_id} due since ${new Date(d.due_at).toISOString()} and not fired`);
  // An expiry is recorded as its event, by the system, dated the day the period ran out (the log does not keep
  // the deadline's key): the same expiry twice in one case on one day is a deadline fired twice.
  const twice = await q<{ case_id: string; type: string; n: number }>(
    `SELECT case_id, type, count(*)::int AS n FROM case_events
      WHERE actor_role = 'system' GROUP BY case_id, type, occurred_on HAVING count(*) > 1`,
  );
  for (const t of twice) violations.push(`${t.type} of case ${t.case_id} recorded ${t.n} times for one deadline`);
  let deadlineEvents = 0;
  if (input.dueDeadlines.length > 0) {
    const fired = await q<{ case_id: string; key: string; n: number }>(
      `SELECT d.case_id, d.key, (SELECT count(*)::int FROM case_events e WHERE e.case_id = d.case_id AND e.type = d.on_expiry AND e.actor_role = 'system') AS n
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS d(case_id, key, on_expiry)`,
      [input.dueDeadlines.map((d) => d.caseId), input.dueDeadlines.map((d) => d.key), input.dueDeadlines.map((d) => d.onExpiry)],
    );
    for (const f of fired) {
      deadlineEvents += f.n;
      if (f.n !== 1) violations.push(`due deadline ${f.key} of case ${f.case_id} fired ${f.n} times, expected once`);
    }
  }

  // 5. The statistics rollups equal a recount from the cases and their logs (as `npm run cli -- stats:check`).
  const drift = await new StatisticsRecount(dataSource).drift();
  for (const d of drift.slice(0, 20)) violations.push(`rollup ${d.table} ${d.key}: ${d.rollup ?? '—'} kept, ${d.recount ?? '—'} recounted`);
  if (drift.length > 20) violations.push(`… and ${drift.length - 20} more rollup rows differ`);

  const [{ n: cases }] = await q<{ n: number }>('SELECT count(*)::int AS n FROM cases');
  return {
    figures: {
      cases,
      events: events.length,
      acknowledged: input.acks.length,
      chainsVerified: byCase.size,
      deadlinesExpected: input.dueDeadlines.length,
      deadlineEvents,
      rollupRowsCompared: drift.length === 0 ? 'all equal' : `${drift.length} differ`,
    },
    violations,
  };
}
