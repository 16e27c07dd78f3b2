import { addToContractTerms, addToDailyEvents, addToEventTotals, addToEvents, addToStates, contractDelta, contractTermDeltas, NO_CAMPAIGN, OFFER_EVENTS, ROLLUP_KEY, ROLLUP_RETURNING } from '../statistics/rollup-sql.js';
import type { DataSource, EntityManager } from 'typeorm';
import type { CaseRecord } from './entities/case.entity.js';

// The hot path of the engine in plain SQL: one read and one write statement per event, no explicit
// transaction. The write is a single statement (data-modifying CTEs), so it is atomic; it applies only
// when the version is still the one read (optimistic concurrency); otherwise nothing is written.

/** Runs SQL on the open transaction when there is one, else on the pool (one statement, its own transaction). */
export interface Sql {
  rows<T = Record<string, unknown>>(text: string, values: unknown[], name?: string): Promise<T[]>;
}

export function sqlOn(dataSource: DataSource, manager?: EntityManager): Sql {
  if (manager) return { rows: (text, values) => manager.query(text, values) };
  // The driver's own pool (node-postgres, or the embedded one): named statements are prepared once per connection.
  const pool = (dataSource.driver as unknown as { master: { query(q: { name?: string; text: string; values: unknown[] }): Promise<{ rows: never[] }> } }).master;
  return { rows: async (text, values, name) => (await pool.query({ name, text, values })).rows };
}

export interface CaseDeadlineView {
  key: string;
  dueOn: string;
  dueAt: string;
  onExpiry: string;
  basis: Record<string, unknown> & { label: { zh: string; en: string } };
  warnings: { zh: string; en: string }[];
}

/** A case with what the engine and its views need: parties' names, covered enterprises, running deadlines. */
export interface LoadedCase extends CaseRecord {
  enterpriseIds: string[];
  enterprises: { id: string; name: string; employees: number }[];
  unionName: string;
  employerName: string | null;
  deadlines: CaseDeadlineView[];
  idempotency: { seq: number; requestHash: string; actorId: string | null } | null;
}

const READ = `
SELECT c.id, c.workflow_id, c.workflow_version, c.workflow_hash, c.kind, c.title, c.status, c.snapshot, c.version, c.last_event_hash,
       c.region_code, c.industry_code, c.union_org_id, c.employer_org_id, c.initiator_side, c.employees_covered, c.campaign_id,
       c.previous_case_id, c.next_case_id, c.last_occurred_on::text AS last_occurred_on, c.overdue, c.term_end::text AS term_end,
       c.created_by, c.created_at, c.updated_at, u.name AS union_name, e.name AS employer_name,
       COALESCE((SELECT json_agg(json_build_object('id', ce.enterprise_id, 'name', o.name, 'employees', ce.employees) ORDER BY o.name)
                   FROM case_enterprises ce JOIN organisations o ON o.id = ce.enterprise_id WHERE ce.case_id = c.id), '[]') AS enterprises,
       COALESCE((SELECT json_agg(json_build_object('key', d.key, 'dueOn', d.due_on, 'dueAt', d.due_at, 'onExpiry', d.on_expiry, 'basis', d.basis, 'warnings', d.warnings) ORDER BY d.due_at)
                   FROM case_deadlines d WHERE d.case_id = c.id), '[]') AS deadlines,
       (SELECT json_build_object('seq', k.seq, 'requestHash', k.request_hash, 'actorId', k.actor_id)
          FROM case_idempotency_keys k WHERE k.case_id = c.id AND k.key = $2) AS idempotency
  FROM cases c JOIN organisations u ON u.id = c.union_org_id LEFT JOIN organisations e ON e.id = c.employer_org_id
 WHERE c.id = $1`;

/**
 * Whether `userId` is the account of an instructor assigned to the case: an instructor reads the cases they
 * guide (procedure.md, roles). Asked where an instructor opens a case, not cached with it: assignments change apart from events.
 */
export async function isAssignedInstructor(sql: Sql, caseId: string, userId: string): Promise<boolean> {
  const rows = await sql.rows('SELECT 1 FROM case_instructors ci JOIN instructors i ON i.id = ci.instructor_id WHERE ci.case_id = $1 AND i.user_id = $2 AND ci.unassigned_at IS NULL', [caseId, userId]);
  return rows.length > 0;
}

/** SQL: the case row `c` is overdue now (the flag, or an overdue-marking deadline already due at the parameter `now`). */
export const overdueNow = (now: string) => `(c.overdue OR EXISTS (SELECT 1 FROM case_deadlines d WHERE d.case_id = c.id AND d.marks_overdue AND d.due_at <= ${now}))`;

type Row = Record<string, unknown>;

export function toCaseRecord(r: Row): CaseRecord {
  return {
    id: r.id as string,
    workflowId: r.workflow_id as string,
    workflowVersion: r.workflow_version as number,
    workflowHash: r.workflow_hash as string,
    kind: r.kind as string,
    title: r.title as string,
    status: r.status as string,
    snapshot: r.snapshot as CaseRecord['snapshot'],
    version: r.version as number,
    lastEventHash: r.last_event_hash as string,
    regionCode: r.region_code as string,
    industryCode: r.industry_code as string | null,
    unionOrgId: r.union_org_id as string,
    employerOrgId: r.employer_org_id as string | null,
    initiatorSide: r.initiator_side as CaseRecord['initiatorSide'],
    employeesCovered: r.employees_covered as number,
    campaignId: r.campaign_id as string | null,
    previousCaseId: r.previous_case_id as string | null,
    nextCaseId: r.next_case_id as string | null,
    lastOccurredOn: r.last_occurred_on as string | null,
    overdue: r.overdue as boolean,
    termEnd: r.term_end as string | null,
    createdBy: r.created_by as string | null,
    createdAt: new Date(r.created_at as string),
    updatedAt: new Date(r.updated_at as string),
  };
}

export async function readCase(sql: Sql, id: string, idempotencyKey?: string): Promise<LoadedCase | undefined> {
  const [row] = await sql.rows<Row>(READ, [id, idempotencyKey ?? null], 'cb_read_case');
  if (!row) return undefined;
  const enterprises = row.enterprises as LoadedCase['enterprises'];
  return {
    ...toCaseRecord(row),
    enterpriseIds: enterprises.map((e) => e.id),
    enterprises,
    unionName: row.union_name as string,
    employerName: (row.employer_name as string | null) ?? null,
    deadlines: (row.deadlines as CaseDeadlineView[]).map((d) => ({ ...d, dueAt: new Date(d.dueAt).toISOString() })),
    idempotency: (row.idempotency as LoadedCase['idempotency']) ?? null,
  };
}

export interface DeadlineRow {
  key: string;
  state: string;
  due_on: string;
  due_at: string;
  on_expiry: string;
  marks_overdue: boolean;
  basis: object;
  warnings: object[];
}

export interface CaseWrite {
  caseId: string;
  expectedVersion: number;
  snapshot: object;
  status: string;
  version: number;
  lastOccurredOn: string;
  overdue: boolean;
  termEnd: string | null;
  /** The term end as read with the case (the write applies only to that version): the renewal pipeline's delta. */
  termEndBefore: string | null;
  updatedAt: Date;
  nextCaseId: string | null;
  event: { type: string; actorId: string | null; actorRole: string; payload: object; fromState: string; prevHash: string; hash: string };
  /** Leaving the state: every deadline not in `upsert` goes. */
  clearOtherDeadlines: boolean;
  deleteDeadlines: string[];
  upsertDeadlines: DeadlineRow[];
  idempotency: { key: string; requestHash: string; result: object } | null;
  /** Leave a row in case_outbox for the work that follows the event (its documents). */
  outbox: boolean;
}

const WRITE = `
WITH upd AS (
  UPDATE cases SET snapshot = $3::jsonb, status = $4, version = $5, last_occurred_on = $6::date, overdue = $7, term_end = $8::date,
                   updated_at = $9, last_event_hash = $10, next_case_id = COALESCE($11::uuid, next_case_id)
   WHERE id = $1 AND version = $2
  RETURNING ${ROLLUP_RETURNING}),
ev AS (
  INSERT INTO case_events (case_id, seq, type, actor_id, actor_role, payload, from_state, to_state, occurred_on, recorded_at, prev_hash, hash)
  SELECT id, $5, $12, $13::uuid, $14, $15::jsonb, $16, $4, $6::date, $9, $17, $10 FROM upd),
del AS (
  DELETE FROM case_deadlines
   WHERE case_id IN (SELECT id FROM upd)
     AND (($18::boolean AND NOT (key = ANY($19::text[]))) OR key = ANY($20::text[]))),
ins AS (
  INSERT INTO case_deadlines (case_id, key, state, due_on, due_at, on_expiry, marks_overdue, basis, warnings)
  SELECT upd.id, d.key, d.state, d.due_on, d.due_at, d.on_expiry, d.marks_overdue, d.basis, d.warnings
    FROM upd, jsonb_to_recordset($21::jsonb) AS d(key text, state text, due_on date, due_at timestamptz, on_expiry text, marks_overdue boolean, basis jsonb, warnings jsonb)
  ON CONFLICT (case_id, key) DO UPDATE SET state = excluded.state, due_on = excluded.due_on, due_at = excluded.due_at, on_expiry = excluded.on_expiry,
                                          marks_overdue = excluded.marks_overdue, basis = excluded.basis, warnings = excluded.warnings),
idem AS (
  INSERT INTO case_idempotency_keys (case_id, key, actor_id, request_hash, seq, result, created_at)
  SELECT id, $22::varchar, $13::uuid, $23::varchar, $5, $24::jsonb, $9 FROM upd WHERE $22::varchar IS NOT NULL),
outbox AS (
  INSERT INTO case_outbox (case_id, seq, created_at, available_at, attempts)
  SELECT id, $5, $9, $9, 0 FROM upd WHERE $25::boolean),
-- The statistics (src/statistics): the case leaves one state for another, the event is counted (by day, in all,
-- per county and day), and a contract in effect is filed under the day its term ends.
st AS (
  ${addToStates(`SELECT ${ROLLUP_KEY}, x.status, x.sign, x.sign * c.enterprise_count, (x.sign * c.employees_covered)::bigint
    FROM upd c, (VALUES ($16::varchar, -1), ($4::varchar, 1)) AS x(status, sign) WHERE $16::varchar IS DISTINCT FROM $4::varchar`)}),
counted AS (
  ${addToEvents(`SELECT ${ROLLUP_KEY}, $12::varchar, $6::date, 1, c.enterprise_count, c.employees_covered::bigint FROM upd c`)}),
totals AS (
  ${addToEventTotals(`SELECT ${ROLLUP_KEY}, $12::varchar, 1, c.enterprise_count, c.employees_covered::bigint FROM upd c`)}),
daily AS (
  ${addToDailyEvents(`SELECT COALESCE(c.campaign_id, '${NO_CAMPAIGN}'::uuid), c.region_code, $12::varchar, $6::date, 1 FROM upd c`)}),
terms AS (
  ${addToContractTerms(`SELECT x.term_end, c.region_code, COALESCE(c.industry_code, ''), c.kind, x.sign, x.sign * c.enterprise_count, (x.sign * c.employees_covered)::bigint
    FROM upd c, jsonb_to_recordset($26::jsonb) AS x(term_end date, sign int)`)}),
-- The rates' enterprises: a case entering (+1) or leaving (−1, $27) a state in effect changes the contracts of each
-- enterprise it covers, and of that enterprise's row in each campaign whose roster lists it (as the enterprise's
-- row says once locked: a roster change at the same time waits, or is waited for); an offer marks each enterprise
-- offered in the case's campaign (a second offer writes nothing). Rows in key order.
contracts AS (
  INSERT INTO stats_enterprise_contracts AS s (enterprise_id, contracts, campaigns)
  SELECT ce.enterprise_id, $27::int, '{}'::uuid[] FROM upd c JOIN case_enterprises ce ON ce.case_id = c.id WHERE $27::int <> 0 ORDER BY 1
  ON CONFLICT (enterprise_id) DO UPDATE SET contracts = s.contracts + excluded.contracts
  RETURNING enterprise_id, campaigns),
reach AS (
  INSERT INTO stats_campaign_enterprises AS s (campaign_id, enterprise_id, region_code, industry_code, rostered, offered, contracts)
  SELECT x.campaign_id, x.enterprise_id, o.region_code, COALESCE(o.industry_code, ''), false, bool_or(x.offered), sum(x.delta)::int
    FROM (SELECT c.campaign_id, ce.enterprise_id, true AS offered, 0 AS delta FROM upd c JOIN case_enterprises ce ON ce.case_id = c.id
           WHERE c.campaign_id IS NOT NULL AND $12::varchar = ANY('{${OFFER_EVENTS.join(',')}}'::text[])
          UNION ALL
          SELECT u.campaign_id, k.enterprise_id, false, $27::int FROM contracts k, unnest(k.campaigns) AS u(campaign_id)) x
    JOIN organisations o ON o.id = x.enterprise_id
   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2
  ON CONFLICT (campaign_id, enterprise_id) DO UPDATE SET offered = s.offered OR excluded.offered, contracts = s.contracts + excluded.contracts
   WHERE (excluded.offered AND NOT s.offered) OR excluded.contracts <> 0)
SELECT count(*)::int AS n FROM upd`;

/** Applies one event; false when the case moved on since it was read (nothing written). */
export async function writeEvent(sql: Sql, w: CaseWrite): Promise<boolean> {
  const upsertKeys = w.upsertDeadlines.map((d) => d.key);
  const [{ n }] = await sql.rows<{ n: number }>(
    WRITE,
    [
      w.caseId,
      w.expectedVersion,
      JSON.stringify(w.snapshot),
      w.status,
      w.version,
      w.lastOccurredOn,
      w.overdue,
      w.termEnd,
      w.updatedAt,
      w.event.hash,
      w.nextCaseId,
      w.event.type,
      w.event.actorId,
      w.event.actorRole,
      JSON.stringify(w.event.payload),
      w.event.fromState,
      w.event.prevHash,
      w.clearOtherDeadlines,
      upsertKeys,
      w.deleteDeadlines.filter((k) => !upsertKeys.includes(k)),
      JSON.stringify(w.upsertDeadlines),
      w.idempotency?.key ?? null,
      w.idempotency?.requestHash ?? null,
      w.idempotency ? JSON.stringify(w.idempotency.result) : null,
      w.outbox,
      JSON.stringify(contractTermDeltas(w.event.fromState, w.status, w.termEndBefore, w.termEnd)),
      contractDelta(w.event.fromState, w.status),
    ],
    'cb_write_event',
  );
  return n === 1;
}

export async function currentVersion(sql: Sql, id: string): Promise<number> {
  const [row] = await sql.rows<{ version: number }>('SELECT version FROM cases WHERE id = $1', [id], 'cb_case_version');
  return row?.version ?? 0;
}

const INSERT_CASE = `
WITH c AS (
  INSERT INTO cases (id, workflow_id, workflow_version, workflow_hash, kind, title, status, snapshot, version, last_event_hash, region_code, industry_code,
                     union_org_id, employer_org_id, initiator_side, employees_covered, campaign_id, previous_case_id, overdue, created_by, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, 1, $9, $10, $11, $12::uuid, $13::uuid, $14, $15, $16::uuid, $17::uuid, false, $18::uuid, $19, $19)
  RETURNING id),
e AS (
  INSERT INTO case_enterprises (case_id, enterprise_id, employees)
  SELECT c.id, x.enterprise_id, x.employees FROM c, jsonb_to_recordset($20::jsonb) AS x(enterprise_id uuid, employees integer)),
ev AS (
  INSERT INTO case_events (case_id, seq, type, actor_id, actor_role, payload, from_state, to_state, occurred_on, recorded_at, prev_hash, hash)
  SELECT c.id, 1, 'CASE_STARTED', $18::uuid, $21, $22::jsonb, NULL, $7, $23::date, $19, $24, $9 FROM c),
d AS (
  INSERT INTO case_deadlines (case_id, key, state, due_on, due_at, on_expiry, marks_overdue, basis, warnings)
  SELECT c.id, x.key, x.state, x.due_on, x.due_at, x.on_expiry, x.marks_overdue, x.basis, x.warnings
    FROM c, jsonb_to_recordset($25::jsonb) AS x(key text, state text, due_on date, due_at timestamptz, on_expiry text, marks_overdue boolean, basis jsonb, warnings jsonb)),
st AS (
  ${addToStates(`SELECT COALESCE($16::uuid, '${NO_CAMPAIGN}'::uuid), $10::varchar, COALESCE($11::varchar, ''), $5::varchar, $7::varchar, 1, jsonb_array_length($20::jsonb), $15::bigint FROM c`)}),
counted AS (
  ${addToEvents(`SELECT COALESCE($16::uuid, '${NO_CAMPAIGN}'::uuid), $10::varchar, COALESCE($11::varchar, ''), $5::varchar, 'CASE_STARTED'::varchar, $23::date, 1, jsonb_array_length($20::jsonb), $15::bigint FROM c`)}),
totals AS (
  ${addToEventTotals(`SELECT COALESCE($16::uuid, '${NO_CAMPAIGN}'::uuid), $10::varchar, COALESCE($11::varchar, ''), $5::varchar, 'CASE_STARTED'::varchar, 1, jsonb_array_length($20::jsonb), $15::bigint FROM c`)}),
daily AS (
  ${addToDailyEvents(`SELECT COALESCE($16::uuid, '${NO_CAMPAIGN}'::uuid), $10::varchar, 'CASE_STARTED'::varchar, $23::date, 1 FROM c`)})
SELECT id FROM c`;

export interface CaseInsert {
  row: CaseRecord;
  enterprises: { enterpriseId: string; employees: number }[];
  event: { actorRole: string; payload: object; occurredOn: string; prevHash: string };
  deadlines: DeadlineRow[];
}

/** Opens a case in one statement: the row, its enterprises, its first log entry and its first deadlines. */
export async function insertCase(sql: Sql, c: CaseInsert): Promise<void> {
  const r = c.row;
  await sql.rows(
    INSERT_CASE,
    [
      r.id, r.workflowId, r.workflowVersion, r.workflowHash, r.kind, r.title, r.status, JSON.stringify(r.snapshot), r.lastEventHash, r.regionCode, r.industryCode,
      r.unionOrgId, r.employerOrgId, r.initiatorSide, r.employeesCovered, r.campaignId, r.previousCaseId, r.createdBy, r.createdAt,
      JSON.stringify(c.enterprises.map((e) => ({ enterprise_id: e.enterpriseId, employees: e.employees }))),
      c.event.actorRole, JSON.stringify(c.event.payload), c.event.occurredOn, c.event.prevHash, JSON.stringify(c.deadlines),
    ],
    'cb_insert_case',
  );
}
