import { MigrationInterface, QueryRunner } from "typeorm";

// The rates' enterprises (enterprisesOffered, enterprisesEstablished): stats_enterprise_contracts and
// stats_campaign_enterprises (generated), and by hand: statement triggers that keep them as the rosters and the
// enterprises they list change, and the tables filled from what was written before. A roster row added (or
// removed) locks its enterprise's row of stats_enterprise_contracts first, adding (removing) the campaign, then
// writes the campaign's row with the contracts the enterprise's row holds: the engine locks the same row first,
// so that either waits for the other and reads what it wrote.

const COVERING = `'{effective,in_force,renewal_window}'::text[]`;

/** Adds the roster rows of \`rows\` (campaign_id, enterprise_id). */
const added = (rows: string) => `WITH a AS (${rows}),
  k AS (
    INSERT INTO stats_enterprise_contracts AS s (enterprise_id, contracts, campaigns)
    SELECT enterprise_id, 0, array_agg(campaign_id ORDER BY campaign_id) FROM a GROUP BY 1 ORDER BY 1
    ON CONFLICT (enterprise_id) DO UPDATE SET campaigns = ARRAY(SELECT DISTINCT x FROM unnest(s.campaigns || excluded.campaigns) AS x ORDER BY 1)
    RETURNING enterprise_id, contracts)
  INSERT INTO stats_campaign_enterprises AS s (campaign_id, enterprise_id, region_code, industry_code, rostered, offered, contracts)
  SELECT a.campaign_id, a.enterprise_id, o.region_code, COALESCE(o.industry_code, ''), true, false, k.contracts
    FROM a JOIN k ON k.enterprise_id = a.enterprise_id JOIN organisations o ON o.id = a.enterprise_id ORDER BY 1, 2
  ON CONFLICT (campaign_id, enterprise_id) DO UPDATE
    SET rostered = true, contracts = excluded.contracts, region_code = excluded.region_code, industry_code = excluded.industry_code`;

/** Removes the roster rows of \`rows\` (campaign_id, enterprise_id); the campaign's row stays while it was offered. */
const removed = (rows: string) => `WITH r AS (${rows}),
  k AS (
    UPDATE stats_enterprise_contracts s SET campaigns = ARRAY(SELECT x FROM unnest(s.campaigns) AS x WHERE x <> ALL(g.campaigns) ORDER BY 1)
      FROM (SELECT enterprise_id, array_agg(campaign_id) AS campaigns FROM r GROUP BY 1) g
     WHERE s.enterprise_id = g.enterprise_id
    RETURNING s.enterprise_id)
  UPDATE stats_campaign_enterprises s SET rostered = false, contracts = 0
    FROM r WHERE s.campaign_id = r.campaign_id AND s.enterprise_id = r.enterprise_id AND s.enterprise_id IN (SELECT enterprise_id FROM k)`;

const NET = `SELECT campaign_id, enterprise_id, sum(sign) AS sign
  FROM (SELECT campaign_id, enterprise_id, 1 AS sign FROM added UNION ALL SELECT campaign_id, enterprise_id, -1 FROM removed) d
 GROUP BY 1, 2 HAVING sum(sign) <> 0`;

const ROSTER_CHANGE = `CREATE FUNCTION stats_reach_on_roster_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Each branch names only the transition tables of its trigger (plpgsql plans a statement when it first runs it).
  IF TG_OP = 'INSERT' THEN
    ${added('SELECT campaign_id, enterprise_id FROM added')};
  ELSIF TG_OP = 'DELETE' THEN
    ${removed('SELECT campaign_id, enterprise_id FROM removed')};
  -- An update: only the rows whose key changed (an import listing the roster again rewrites import_id alone).
  ELSIF EXISTS (${NET}) THEN
    ${removed(`SELECT campaign_id, enterprise_id FROM (${NET}) n WHERE sign < 0`)};
    ${added(`SELECT campaign_id, enterprise_id FROM (${NET}) n WHERE sign > 0`)};
  END IF;
  RETURN NULL;
END $$`;

// An enterprise that moves to another county or industry moves in the campaigns' rows.
const ENTERPRISE_CHANGE = `CREATE FUNCTION stats_reach_on_enterprise_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE stats_campaign_enterprises s SET region_code = a.region_code, industry_code = COALESCE(a.industry_code, '')
    FROM added a JOIN removed r ON r.id = a.id
   WHERE s.enterprise_id = a.id AND (r.region_code, r.industry_code) IS DISTINCT FROM (a.region_code, a.industry_code);
  RETURN NULL;
END $$`;

export class CampaignEnterpriseRates1795995179696 implements MigrationInterface {
    name = 'CampaignEnterpriseRates1795995179696'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "stats_enterprise_contracts" ("enterprise_id" uuid NOT NULL, "contracts" integer NOT NULL, "campaigns" uuid array NOT NULL, CONSTRAINT "PK_53b73c08433a52f6d75c54cf2d5" PRIMARY KEY ("enterprise_id"))`);
        await queryRunner.query(`CREATE TABLE "stats_campaign_enterprises" ("campaign_id" uuid NOT NULL, "enterprise_id" uuid NOT NULL, "region_code" character varying(6) NOT NULL, "industry_code" character varying(1) NOT NULL, "rostered" boolean NOT NULL, "offered" boolean NOT NULL, "contracts" integer NOT NULL, CONSTRAINT "PK_dde7ff789afea9c3e823573da45" PRIMARY KEY ("campaign_id", "enterprise_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_stats_campaign_enterprises_rostered" ON "stats_campaign_enterprises"  ("campaign_id", "region_code", "industry_code", "offered", "contracts") WHERE rostered`);
        await queryRunner.query(`CREATE INDEX "idx_stats_campaign_enterprises_enterprise" ON "stats_campaign_enterprises"  ("enterprise_id") `);
        await queryRunner.query(ROSTER_CHANGE);
        await queryRunner.query(ENTERPRISE_CHANGE);
        await queryRunner.query(`CREATE TRIGGER stats_reach_added AFTER INSERT ON campaign_enterprises REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION stats_reach_on_roster_change()`);
        await queryRunner.query(`CREATE TRIGGER stats_reach_removed AFTER DELETE ON campaign_enterprises REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION stats_reach_on_roster_change()`);
        await queryRunner.query(`CREATE TRIGGER stats_reach_changed AFTER UPDATE ON campaign_enterprises REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION stats_reach_on_roster_change()`);
        await queryRunner.query(`CREATE TRIGGER stats_reach_enterprise_changed AFTER UPDATE ON organisations REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION stats_reach_on_enterprise_change()`);
        // What was written before this migration, counted once.
        await queryRunner.query(`INSERT INTO stats_enterprise_contracts (enterprise_id, contracts, campaigns)
            SELECT COALESCE(k.enterprise_id, r.enterprise_id), COALESCE(k.n, 0)::int, COALESCE(r.campaigns, '{}')
              FROM (SELECT ce.enterprise_id, count(*)::int AS n FROM cases c JOIN case_enterprises ce ON ce.case_id = c.id WHERE c.status = ANY(${COVERING}) GROUP BY 1) k
              FULL JOIN (SELECT enterprise_id, array_agg(campaign_id ORDER BY campaign_id) AS campaigns FROM campaign_enterprises GROUP BY 1) r ON r.enterprise_id = k.enterprise_id`);
        await queryRunner.query(`INSERT INTO stats_campaign_enterprises (campaign_id, enterprise_id, region_code, industry_code, rostered, offered, contracts)
            SELECT x.campaign_id, x.enterprise_id, o.region_code, COALESCE(o.industry_code, ''), x.rostered, x.offered, CASE WHEN x.rostered THEN COALESCE(k.n, 0) ELSE 0 END::int
              FROM (SELECT campaign_id, enterprise_id, bool_or(rostered) AS rostered, bool_or(offered) AS offered
                      FROM (SELECT campaign_id, enterprise_id, true AS rostered, false AS offered FROM campaign_enterprises
                            UNION ALL
                            SELECT c.campaign_id, ce.enterprise_id, false, true FROM cases c JOIN case_enterprises ce ON ce.case_id = c.id
                             WHERE c.campaign_id IS NOT NULL AND EXISTS (SELECT 1 FROM case_events ev WHERE ev.case_id = c.id AND ev.type IN ('OFFER_ISSUED', 'RENEWAL_OFFERED'))) u
                     GROUP BY 1, 2) x
              JOIN organisations o ON o.id = x.enterprise_id
              LEFT JOIN (SELECT ce.enterprise_id, count(*)::int AS n FROM cases c JOIN case_enterprises ce ON ce.case_id = c.id WHERE c.status = ANY(${COVERING}) GROUP BY 1) k ON k.enterprise_id = x.enterprise_id`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER stats_reach_enterprise_changed ON organisations`);
        await queryRunner.query(`DROP TRIGGER stats_reach_changed ON campaign_enterprises`);
        await queryRunner.query(`DROP TRIGGER stats_reach_removed ON campaign_enterprises`);
        await queryRunner.query(`DROP TRIGGER stats_reach_added ON campaign_enterprises`);
        await queryRunner.query(`DROP FUNCTION stats_reach_on_enterprise_change()`);
        await queryRunner.query(`DROP FUNCTION stats_reach_on_roster_change()`);
        await queryRunner.query(`DROP INDEX "public"."idx_stats_campaign_enterprises_enterprise"`);
        await queryRunner.query(`DROP INDEX "public"."idx_stats_campaign_enterprises_rostered"`);
        await queryRunner.query(`DROP TABLE "stats_campaign_enterprises"`);
        await queryRunner.query(`DROP TABLE "stats_enterprise_contracts"`);
    }

}
