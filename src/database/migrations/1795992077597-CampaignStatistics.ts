import { MigrationInterface, QueryRunner } from "typeorm";

export class CampaignStatistics1795992077597 implements MigrationInterface {
    name = 'CampaignStatistics1795992077597'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "stats_case_event_totals" ("campaign_key" uuid NOT NULL, "region_code" character varying(6) NOT NULL, "industry_code" character varying(1) NOT NULL, "kind" character varying(32) NOT NULL, "event_type" character varying(64) NOT NULL, "events" integer NOT NULL, "enterprises" integer NOT NULL, "employees" bigint NOT NULL, CONSTRAINT "PK_8b0c4a7ec3b601ba3a0a8324e56" PRIMARY KEY ("campaign_key", "region_code", "industry_code", "kind", "event_type"))`);
        await queryRunner.query(`CREATE TABLE "stats_contract_terms" ("term_end" date NOT NULL, "region_code" character varying(6) NOT NULL, "industry_code" character varying(1) NOT NULL, "kind" character varying(32) NOT NULL, "contracts" integer NOT NULL, "enterprises" integer NOT NULL, "employees" bigint NOT NULL, CONSTRAINT "PK_c48c8b80d144f1df1d68adb3970" PRIMARY KEY ("term_end", "region_code", "industry_code", "kind"))`);
        await queryRunner.query(`CREATE TABLE "stats_daily_events" ("campaign_key" uuid NOT NULL, "region_code" character varying(6) NOT NULL, "event_type" character varying(64) NOT NULL, "occurred_on" date NOT NULL, "events" integer NOT NULL, CONSTRAINT "PK_7d1473261c645e93f7d265976e1" PRIMARY KEY ("campaign_key", "region_code", "event_type", "occurred_on"))`);
        await queryRunner.query(`CREATE TABLE "stats_roster" ("campaign_id" uuid NOT NULL, "region_code" character varying(6) NOT NULL, "industry_code" character varying(1) NOT NULL, "enterprises" integer NOT NULL, "employees" bigint NOT NULL, CONSTRAINT "PK_4446c4b3b6edae73b259bc41807" PRIMARY KEY ("campaign_id", "region_code", "industry_code"))`);
        await queryRunner.query(`CREATE INDEX "idx_cases_campaign_overdue" ON "cases"  ("campaign_id", "created_at") WHERE "overdue"`);
        // stats_roster follows the rosters and the enterprises they list, whatever writes them: statement triggers
        // add what a statement added and take off what it removed or moved (an enterprise's region, industry or
        // headcount changed), in the writer's transaction. Rows in key order, as the engine's rollups.
        await queryRunner.query(`CREATE FUNCTION stats_roster_on_roster_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Each branch names only the transition tables of its trigger (plpgsql plans a statement when it first runs it).
  IF TG_OP = 'INSERT' THEN
    INSERT INTO stats_roster AS s (campaign_id, region_code, industry_code, enterprises, employees)
    SELECT a.campaign_id, o.region_code, COALESCE(o.industry_code, ''), count(*)::int, COALESCE(sum(o.employees), 0)::bigint
      FROM added a JOIN organisations o ON o.id = a.enterprise_id
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (campaign_id, region_code, industry_code) DO UPDATE
      SET enterprises = s.enterprises + excluded.enterprises, employees = s.employees + excluded.employees;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO stats_roster AS s (campaign_id, region_code, industry_code, enterprises, employees)
    SELECT r.campaign_id, o.region_code, COALESCE(o.industry_code, ''), -count(*)::int, -COALESCE(sum(o.employees), 0)::bigint
      FROM removed r JOIN organisations o ON o.id = r.enterprise_id
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (campaign_id, region_code, industry_code) DO UPDATE
      SET enterprises = s.enterprises + excluded.enterprises, employees = s.employees + excluded.employees;
  ELSE
    -- An import that lists an enterprise again only changes import_id: rows whose key stayed count for nothing.
    INSERT INTO stats_roster AS s (campaign_id, region_code, industry_code, enterprises, employees)
    SELECT x.campaign_id, o.region_code, COALESCE(o.industry_code, ''), sum(x.sign)::int, sum(x.sign * COALESCE(o.employees, 0))::bigint
      FROM (
        SELECT a.campaign_id, a.enterprise_id, 1 AS sign FROM added a
         WHERE NOT EXISTS (SELECT 1 FROM removed r WHERE r.campaign_id = a.campaign_id AND r.enterprise_id = a.enterprise_id)
        UNION ALL
        SELECT r.campaign_id, r.enterprise_id, -1 FROM removed r
         WHERE NOT EXISTS (SELECT 1 FROM added a WHERE a.campaign_id = r.campaign_id AND a.enterprise_id = r.enterprise_id)
      ) x JOIN organisations o ON o.id = x.enterprise_id
     GROUP BY 1, 2, 3 HAVING sum(x.sign) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (campaign_id, region_code, industry_code) DO UPDATE
      SET enterprises = s.enterprises + excluded.enterprises, employees = s.employees + excluded.employees;
  END IF;
  RETURN NULL;
END $$`);
        await queryRunner.query(`CREATE FUNCTION stats_roster_on_enterprise_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_roster AS s (campaign_id, region_code, industry_code, enterprises, employees)
  SELECT ce.campaign_id, x.region_code, x.industry_code, sum(x.sign)::int, sum(x.sign * x.employees)::bigint
    FROM (
      SELECT r.id, r.region_code, COALESCE(r.industry_code, '') AS industry_code, COALESCE(r.employees, 0) AS employees, -1 AS sign
        FROM removed r JOIN added a ON a.id = r.id
       WHERE (r.region_code, r.industry_code, r.employees) IS DISTINCT FROM (a.region_code, a.industry_code, a.employees)
      UNION ALL
      SELECT a.id, a.region_code, COALESCE(a.industry_code, ''), COALESCE(a.employees, 0), 1
        FROM added a JOIN removed r ON r.id = a.id
       WHERE (r.region_code, r.industry_code, r.employees) IS DISTINCT FROM (a.region_code, a.industry_code, a.employees)
    ) x JOIN campaign_enterprises ce ON ce.enterprise_id = x.id
   GROUP BY 1, 2, 3 HAVING sum(x.sign) <> 0 OR sum(x.sign * x.employees) <> 0
   ORDER BY 1, 2, 3
  ON CONFLICT (campaign_id, region_code, industry_code) DO UPDATE
    SET enterprises = s.enterprises + excluded.enterprises, employees = s.employees + excluded.employees;
  RETURN NULL;
END $$`);
        await queryRunner.query(`CREATE TRIGGER stats_roster_added AFTER INSERT ON campaign_enterprises REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION stats_roster_on_roster_change()`);
        await queryRunner.query(`CREATE TRIGGER stats_roster_removed AFTER DELETE ON campaign_enterprises REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION stats_roster_on_roster_change()`);
        await queryRunner.query(`CREATE TRIGGER stats_roster_changed AFTER UPDATE ON campaign_enterprises REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION stats_roster_on_roster_change()`);
        await queryRunner.query(`CREATE TRIGGER stats_roster_enterprise_changed AFTER UPDATE ON organisations REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION stats_roster_on_enterprise_change()`);
        // What was written before this migration, counted once (the engine and the triggers keep the tables from now on).
        await queryRunner.query(`INSERT INTO stats_case_event_totals (campaign_key, region_code, industry_code, kind, event_type, events, enterprises, employees)
            SELECT COALESCE(c.campaign_id, '00000000-0000-0000-0000-000000000000'::uuid), c.region_code, COALESCE(c.industry_code, ''), c.kind, ev.type, count(*)::int, COALESCE(sum(e.n), 0)::int, sum(c.employees_covered)::bigint
              FROM case_events ev JOIN cases c ON c.id = ev.case_id CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM case_enterprises ce WHERE ce.case_id = c.id) e GROUP BY 1, 2, 3, 4, 5`);
        await queryRunner.query(`INSERT INTO stats_daily_events (campaign_key, region_code, event_type, occurred_on, events)
            SELECT COALESCE(c.campaign_id, '00000000-0000-0000-0000-000000000000'::uuid), c.region_code, ev.type, ev.occurred_on, count(*)::int
              FROM case_events ev JOIN cases c ON c.id = ev.case_id GROUP BY 1, 2, 3, 4`);
        await queryRunner.query(`INSERT INTO stats_contract_terms (term_end, region_code, industry_code, kind, contracts, enterprises, employees)
            SELECT c.term_end, c.region_code, COALESCE(c.industry_code, ''), c.kind, count(*)::int, COALESCE(sum(e.n), 0)::int, sum(c.employees_covered)::bigint
              FROM cases c CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM case_enterprises ce WHERE ce.case_id = c.id) e
             WHERE c.status IN ('effective', 'in_force', 'renewal_window') AND c.term_end IS NOT NULL GROUP BY 1, 2, 3, 4`);
        await queryRunner.query(`INSERT INTO stats_roster (campaign_id, region_code, industry_code, enterprises, employees)
            SELECT ce.campaign_id, o.region_code, COALESCE(o.industry_code, ''), count(*)::int, COALESCE(sum(o.employees), 0)::bigint
              FROM campaign_enterprises ce JOIN organisations o ON o.id = ce.enterprise_id GROUP BY 1, 2, 3`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER stats_roster_enterprise_changed ON organisations`);
        await queryRunner.query(`DROP TRIGGER stats_roster_changed ON campaign_enterprises`);
        await queryRunner.query(`DROP TRIGGER stats_roster_removed ON campaign_enterprises`);
        await queryRunner.query(`DROP TRIGGER stats_roster_added ON campaign_enterprises`);
        await queryRunner.query(`DROP FUNCTION stats_roster_on_enterprise_change()`);
        await queryRunner.query(`DROP FUNCTION stats_roster_on_roster_change()`);
        await queryRunner.query(`DROP INDEX "public"."idx_cases_campaign_overdue"`);
        await queryRunner.query(`DROP TABLE "stats_roster"`);
        await queryRunner.query(`DROP TABLE "stats_daily_events"`);
        await queryRunner.query(`DROP TABLE "stats_contract_terms"`);
        await queryRunner.query(`DROP TABLE "stats_case_event_totals"`);
    }

}
