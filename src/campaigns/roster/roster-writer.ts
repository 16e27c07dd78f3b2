import type { EntityManager } from 'typeorm';
import type { RosterRecord } from './roster-row-checker.js';

export interface BatchCounts {
  inserted: number;
  updated: number;
  addedToRoster: number;
  unionsCreated: number;
  unionsRenamed: number;
}

// One batch of good rows in three statements, each taking the batch as arrays (unnest): the enterprises by
// credit code, their enterprise unions, the campaign's roster. An unchanged enterprise is not updated (the
// DO UPDATE's WHERE), so importing the same file again changes nothing but the roster rows' import_id.
// Optional columns left empty keep what is stored.

const UPSERT_ENTERPRISES = `
INSERT INTO organisations AS o (id, kind, name, credit_code, region_code, industry_code, employees, unionised, legal_representative, address)
SELECT gen_random_uuid(), 'enterprise', s.name, s.credit_code, s.region_code, s.industry_code, s.employees, s.unionised, s.legal_representative, s.address
  FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::int[], $6::boolean[], $7::varchar[], $8::varchar[])
       AS s(credit_code, name, region_code, industry_code, employees, unionised, legal_representative, address)
ON CONFLICT (credit_code) WHERE credit_code IS NOT NULL DO UPDATE SET
  name = EXCLUDED.name,
  region_code = EXCLUDED.region_code,
  industry_code = EXCLUDED.industry_code,
  employees = EXCLUDED.employees,
  unionised = EXCLUDED.unionised,
  legal_representative = COALESCE(EXCLUDED.legal_representative, o.legal_representative),
  address = COALESCE(EXCLUDED.address, o.address),
  updated_at = now()
WHERE o.kind = 'enterprise'
  AND EXISTS (SELECT 1 FROM regions r WHERE r.code = o.region_code AND r.path LIKE $9)
  AND (o.name, o.region_code, o.industry_code, o.employees, o.unionised, o.legal_representative, o.address)
      IS DISTINCT FROM
      (EXCLUDED.name, EXCLUDED.region_code, EXCLUDED.industry_code, EXCLUDED.employees, EXCLUDED.unionised,
       COALESCE(EXCLUDED.legal_representative, o.legal_representative), COALESCE(EXCLUDED.address, o.address))
RETURNING (o.xmax = 0) AS inserted`;

// The enterprise union of each enterprise that names one: renamed (and moved with its enterprise) when it
// exists, created otherwise (its parent federation is left for the federation to set).
const UPSERT_UNIONS = `
WITH src AS (SELECT * FROM unnest($1::varchar[], $2::varchar[]) AS s(credit_code, union_name)),
ent AS (
  SELECT e.id, e.region_code, s.union_name
    FROM src s JOIN organisations e ON e.credit_code = s.credit_code AND e.kind = 'enterprise'
),
renamed AS (
  UPDATE organisations u SET name = ent.union_name, region_code = ent.region_code, updated_at = now()
    FROM ent
   WHERE u.kind = 'union' AND u.union_level = 'enterprise' AND u.enterprise_id = ent.id
     AND (u.name, u.region_code) IS DISTINCT FROM (ent.union_name, ent.region_code)
  RETURNING u.id
),
created AS (
  INSERT INTO organisations (id, kind, name, region_code, union_level, enterprise_id)
  SELECT gen_random_uuid(), 'union', ent.union_name, ent.region_code, 'enterprise', ent.id
    FROM ent
   WHERE NOT EXISTS (SELECT 1 FROM organisations u WHERE u.kind = 'union' AND u.union_level = 'enterprise' AND u.enterprise_id = ent.id)
  RETURNING id
)
SELECT (SELECT count(*)::int FROM renamed) AS renamed, (SELECT count(*)::int FROM created) AS created`;

const UPSERT_ROSTER = `
INSERT INTO campaign_enterprises AS ce (campaign_id, enterprise_id, import_id)
SELECT $1::uuid, e.id, $2::uuid FROM organisations e WHERE e.credit_code = ANY($3::varchar[]) AND e.kind = 'enterprise'
ON CONFLICT (campaign_id, enterprise_id) DO UPDATE SET import_id = EXCLUDED.import_id
RETURNING (ce.xmax = 0) AS added`;

/**
 * The credit codes of a batch that, when written, named another kind of organisation or an enterprise outside the
 * importer's scope: checked before the transaction, but another import may have registered them since.
 */
export class RosterWriteConflict extends Error {
  constructor(readonly creditCodes: string[]) {
    super(`credit codes registered meanwhile outside the import's scope: ${creditCodes.join(', ')}`);
  }
}

const OUTSIDE_SCOPE = `SELECT o.credit_code FROM organisations o JOIN regions r ON r.code = o.region_code
  WHERE o.credit_code = ANY($1::varchar[]) AND (o.kind <> 'enterprise' OR r.path NOT LIKE $2)`;

/** Writes one batch; `scopePath` (a region path prefix) bounds the enterprises it may change (RosterWriteConflict otherwise). */
export async function writeRosterBatch(m: EntityManager, campaignId: string, importId: string, batch: RosterRecord[], scopePath: string): Promise<BatchCounts> {
  const codes = batch.map((r) => r.creditCode);
  const enterprises: { inserted: boolean }[] = await m.query(UPSERT_ENTERPRISES, [
    codes,
    batch.map((r) => r.name),
    batch.map((r) => r.regionCode),
    batch.map((r) => r.industryCode),
    batch.map((r) => r.employees),
    batch.map((r) => r.unionised),
    batch.map((r) => r.legalRepresentative),
    batch.map((r) => r.address),
    `${scopePath}%`,
  ]);
  const outside: { credit_code: string }[] = await m.query(OUTSIDE_SCOPE, [codes, `${scopePath}%`]);
  if (outside.length) throw new RosterWriteConflict(outside.map((r) => r.credit_code));
  const withUnion = batch.filter((r) => r.unionised && r.unionName !== null);
  let unions = { renamed: 0, created: 0 };
  if (withUnion.length) [unions] = await m.query(UPSERT_UNIONS, [withUnion.map((r) => r.creditCode), withUnion.map((r) => r.unionName)]);
  const roster: { added: boolean }[] = await m.query(UPSERT_ROSTER, [campaignId, importId, codes]);
  const inserted = enterprises.filter((r) => r.inserted).length;
  return {
    inserted,
    updated: enterprises.length - inserted,
    addedToRoster: roster.filter((r) => r.added).length,
    unionsCreated: unions.created,
    unionsRenamed: unions.renamed,
  };
}
