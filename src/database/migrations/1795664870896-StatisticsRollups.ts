import { MigrationInterface, QueryRunner } from "typeorm";

export class StatisticsRollups1795664870896 implements MigrationInterface {
    name = 'StatisticsRollups1795664870896'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "stats_case_events" ("campaign_key" uuid NOT NULL, "region_code" character varying(6) NOT NULL, "industry_code" character varying(1) NOT NULL, "kind" character varying(32) NOT NULL, "event_type" character varying(64) NOT NULL, "occurred_on" date NOT NULL, "events" integer NOT NULL, "enterprises" integer NOT NULL, "employees" bigint NOT NULL, CONSTRAINT "PK_f2f455d74604f64eefb23219e32" PRIMARY KEY ("campaign_key", "region_code", "industry_code", "kind", "event_type", "occurred_on"))`);
        await queryRunner.query(`CREATE INDEX "idx_stats_case_events_day" ON "stats_case_events"  ("occurred_on") `);
        await queryRunner.query(`CREATE TABLE "stats_case_states" ("campaign_key" uuid NOT NULL, "region_code" character varying(6) NOT NULL, "industry_code" character varying(1) NOT NULL, "kind" character varying(32) NOT NULL, "status" character varying(64) NOT NULL, "cases" integer NOT NULL, "enterprises" integer NOT NULL, "employees" bigint NOT NULL, CONSTRAINT "PK_545eb739baf5094bd6291f0b302" PRIMARY KEY ("campaign_key", "region_code", "industry_code", "kind", "status"))`);
        // The cases written before this migration, counted once from the cases and their logs (the engine keeps both tables from now on).
        await queryRunner.query(`INSERT INTO stats_case_states (campaign_key, region_code, industry_code, kind, status, cases, enterprises, employees)
            SELECT COALESCE(c.campaign_id, '00000000-0000-0000-0000-000000000000'::uuid), c.region_code, COALESCE(c.industry_code, ''), c.kind, c.status, count(*)::int, COALESCE(sum(e.n), 0)::int, sum(c.employees_covered)::bigint
              FROM cases c CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM case_enterprises ce WHERE ce.case_id = c.id) e GROUP BY 1, 2, 3, 4, 5`);
        await queryRunner.query(`INSERT INTO stats_case_events (campaign_key, region_code, industry_code, kind, event_type, occurred_on, events, enterprises, employees)
            SELECT COALESCE(c.campaign_id, '00000000-0000-0000-0000-000000000000'::uuid), c.region_code, COALESCE(c.industry_code, ''), c.kind, ev.type, ev.occurred_on, count(*)::int, COALESCE(sum(e.n), 0)::int, sum(c.employees_covered)::bigint
              FROM case_events ev JOIN cases c ON c.id = ev.case_id CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM case_enterprises ce WHERE ce.case_id = c.id) e GROUP BY 1, 2, 3, 4, 5, 6`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "stats_case_states"`);
        await queryRunner.query(`DROP INDEX "public"."idx_stats_case_events_day"`);
        await queryRunner.query(`DROP TABLE "stats_case_events"`);
    }

}
