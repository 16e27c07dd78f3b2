import { MigrationInterface, QueryRunner } from "typeorm";

export class CampaignsInstructorsJobs1795991211510 implements MigrationInterface {
    name = 'CampaignsInstructorsJobs1795991211510'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "campaigns" ("id" uuid NOT NULL, "name" character varying(200) NOT NULL, "starts_on" date NOT NULL, "ends_on" date NOT NULL, "region_code" character varying(6) NOT NULL, "kinds" jsonb NOT NULL, "organisation_id" uuid NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_campaigns_period" CHECK ("ends_on" >= "starts_on"), CONSTRAINT "PK_831e3fcd4fc45b4e4c3f57a9ee4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_campaigns_region" ON "campaigns"  ("region_code") `);
        await queryRunner.query(`CREATE TABLE "campaign_enterprises" ("campaign_id" uuid NOT NULL, "enterprise_id" uuid NOT NULL, "import_id" uuid, CONSTRAINT "PK_fecc3a8c796d4335929007a74d5" PRIMARY KEY ("campaign_id", "enterprise_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_campaign_enterprises_enterprise" ON "campaign_enterprises"  ("enterprise_id") `);
        await queryRunner.query(`CREATE TABLE "campaign_targets" ("campaign_id" uuid NOT NULL, "region_code" character varying(6) NOT NULL, "offer_rate" numeric(5,2), "response_rate" numeric(5,2), "signing_rate" numeric(5,2), "filing_rate" numeric(5,2), "establishment_rate" numeric(5,2), "employees_covered" integer, CONSTRAINT "chk_campaign_targets_rates" CHECK (COALESCE("offer_rate", 0) BETWEEN 0 AND 100 AND COALESCE("response_rate", 0) BETWEEN 0 AND 100 AND COALESCE("signing_rate", 0) BETWEEN 0 AND 100 AND COALESCE("filing_rate", 0) BETWEEN 0 AND 100 AND COALESCE("establishment_rate", 0) BETWEEN 0 AND 100 AND COALESCE("employees_covered", 0) >= 0), CONSTRAINT "PK_7bcb02c4bf43dca57ce8832f2c2" PRIMARY KEY ("campaign_id", "region_code"))`);
        await queryRunner.query(`CREATE TABLE "roster_imports" ("id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "file_name" character varying(255) NOT NULL, "mode" character varying(16) NOT NULL, "status" character varying(16) NOT NULL, "total_rows" integer NOT NULL DEFAULT '0', "inserted" integer NOT NULL DEFAULT '0', "updated" integer NOT NULL DEFAULT '0', "skipped" integer NOT NULL DEFAULT '0', "problem_count" integer NOT NULL DEFAULT '0', "problems" jsonb NOT NULL DEFAULT '[]', "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "chk_roster_imports_status" CHECK ("status" IN ('running', 'imported', 'rejected', 'failed')), CONSTRAINT "chk_roster_imports_mode" CHECK ("mode" IN ('all_or_nothing', 'skip_bad_rows')), CONSTRAINT "PK_0d59095c8b83e5bb74bde511464" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_roster_imports_campaign" ON "roster_imports"  ("campaign_id") `);
        await queryRunner.query(`CREATE TABLE "instructors" ("id" uuid NOT NULL, "name" character varying(64) NOT NULL, "user_id" uuid, "organisation_id" uuid NOT NULL, "region_code" character varying(6) NOT NULL, "qualifications" jsonb NOT NULL DEFAULT '[]', "appointed_on" date NOT NULL, "appointment_ends_on" date, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_95e3da69ca76176ea4ab8435098" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_instructors_user" ON "instructors"  ("user_id") WHERE "user_id" IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "idx_instructors_region" ON "instructors"  ("region_code") `);
        await queryRunner.query(`CREATE TABLE "case_instructors" ("case_id" uuid NOT NULL, "instructor_id" uuid NOT NULL, "assigned_by" uuid, "assigned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ea331e77a8119253ac81d17da40" PRIMARY KEY ("case_id", "instructor_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_case_instructors_instructor" ON "case_instructors"  ("instructor_id") `);
        await queryRunner.query(`CREATE TABLE "jobs" ("id" uuid NOT NULL, "queue" character varying(64) NOT NULL, "batch_id" uuid, "payload" jsonb NOT NULL, "status" character varying(16) NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "max_attempts" integer NOT NULL DEFAULT '3', "run_after" TIMESTAMP WITH TIME ZONE NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, "last_error" text, "result" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_jobs_status" CHECK ("status" IN ('queued', 'running', 'done', 'failed')), CONSTRAINT "PK_cf0a6c42b72fcc7f7c237def345" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_jobs_batch" ON "jobs"  ("batch_id") `);
        await queryRunner.query(`CREATE INDEX "idx_jobs_due" ON "jobs"  ("queue", "run_after") WHERE "status" = 'queued'`);
        await queryRunner.query(`CREATE TABLE "job_batches" ("id" uuid NOT NULL, "kind" character varying(64) NOT NULL, "campaign_id" uuid, "region_code" character varying(6) NOT NULL, "total" integer NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_277a2c560077781be1a1516a261" PRIMARY KEY ("id"))`);
        await queryRunner.query(`ALTER TABLE "campaigns" ADD CONSTRAINT "fk_campaigns_region" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "campaigns" ADD CONSTRAINT "fk_campaigns_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "campaign_enterprises" ADD CONSTRAINT "fk_campaign_enterprises_campaign" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "campaign_enterprises" ADD CONSTRAINT "fk_campaign_enterprises_enterprise" FOREIGN KEY ("enterprise_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "campaign_targets" ADD CONSTRAINT "fk_campaign_targets_campaign" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "campaign_targets" ADD CONSTRAINT "fk_campaign_targets_region" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "roster_imports" ADD CONSTRAINT "fk_roster_imports_campaign" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Cases opened before campaigns were registered may name a campaign id that exists nowhere:
        // register each such id as a campaign spanning its cases, so the foreign key holds and no case loses its campaign.
        await queryRunner.query(`INSERT INTO "campaigns" ("id", "name", "starts_on", "ends_on", "region_code", "kinds", "organisation_id")
            SELECT c.campaign_id, '未登记的活动 ' || c.campaign_id::text, min(c.created_at)::date, max(c.created_at)::date,
                   (SELECT r.code FROM regions r WHERE r.parent_code IS NULL ORDER BY r.code LIMIT 1),
                   jsonb_agg(DISTINCT c.kind), (array_agg(c.union_org_id ORDER BY c.created_at))[1]
              FROM cases c WHERE c.campaign_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM campaigns k WHERE k.id = c.campaign_id)
             GROUP BY c.campaign_id`);
        await queryRunner.query(`ALTER TABLE "cases" ADD CONSTRAINT "fk_cases_campaign" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "instructors" ADD CONSTRAINT "fk_instructors_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "instructors" ADD CONSTRAINT "fk_instructors_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "instructors" ADD CONSTRAINT "fk_instructors_region" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "case_instructors" ADD CONSTRAINT "fk_case_instructors_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "case_instructors" ADD CONSTRAINT "fk_case_instructors_instructor" FOREIGN KEY ("instructor_id") REFERENCES "instructors"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "case_instructors" DROP CONSTRAINT "fk_case_instructors_instructor"`);
        await queryRunner.query(`ALTER TABLE "case_instructors" DROP CONSTRAINT "fk_case_instructors_case"`);
        await queryRunner.query(`ALTER TABLE "instructors" DROP CONSTRAINT "fk_instructors_region"`);
        await queryRunner.query(`ALTER TABLE "instructors" DROP CONSTRAINT "fk_instructors_organisation"`);
        await queryRunner.query(`ALTER TABLE "instructors" DROP CONSTRAINT "fk_instructors_user"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_campaign"`);
        await queryRunner.query(`ALTER TABLE "roster_imports" DROP CONSTRAINT "fk_roster_imports_campaign"`);
        await queryRunner.query(`ALTER TABLE "campaign_targets" DROP CONSTRAINT "fk_campaign_targets_region"`);
        await queryRunner.query(`ALTER TABLE "campaign_targets" DROP CONSTRAINT "fk_campaign_targets_campaign"`);
        await queryRunner.query(`ALTER TABLE "campaign_enterprises" DROP CONSTRAINT "fk_campaign_enterprises_enterprise"`);
        await queryRunner.query(`ALTER TABLE "campaign_enterprises" DROP CONSTRAINT "fk_campaign_enterprises_campaign"`);
        await queryRunner.query(`ALTER TABLE "campaigns" DROP CONSTRAINT "fk_campaigns_organisation"`);
        await queryRunner.query(`ALTER TABLE "campaigns" DROP CONSTRAINT "fk_campaigns_region"`);
        await queryRunner.query(`DROP TABLE "job_batches"`);
        await queryRunner.query(`DROP INDEX "public"."idx_jobs_due"`);
        await queryRunner.query(`DROP INDEX "public"."idx_jobs_batch"`);
        await queryRunner.query(`DROP TABLE "jobs"`);
        await queryRunner.query(`DROP INDEX "public"."idx_case_instructors_instructor"`);
        await queryRunner.query(`DROP TABLE "case_instructors"`);
        await queryRunner.query(`DROP INDEX "public"."idx_instructors_region"`);
        await queryRunner.query(`DROP INDEX "public"."uq_instructors_user"`);
        await queryRunner.query(`DROP TABLE "instructors"`);
        await queryRunner.query(`DROP INDEX "public"."idx_roster_imports_campaign"`);
        await queryRunner.query(`DROP TABLE "roster_imports"`);
        await queryRunner.query(`DROP TABLE "campaign_targets"`);
        await queryRunner.query(`DROP INDEX "public"."idx_campaign_enterprises_enterprise"`);
        await queryRunner.query(`DROP TABLE "campaign_enterprises"`);
        await queryRunner.query(`DROP INDEX "public"."idx_campaigns_region"`);
        await queryRunner.query(`DROP TABLE "campaigns"`);
    }

}
