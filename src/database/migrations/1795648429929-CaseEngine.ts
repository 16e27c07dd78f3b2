import { MigrationInterface, QueryRunner } from "typeorm";

export class CaseEngine1795648429929 implements MigrationInterface {
    name = 'CaseEngine1795648429929'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "workflow_definitions" ("id" character varying(64) NOT NULL, "version" integer NOT NULL, "hash" character(64) NOT NULL, "definition" json NOT NULL, "file" character varying(300) NOT NULL, "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0754d3355dbb064ac2639c7c910" PRIMARY KEY ("id", "version"))`);
        await queryRunner.query(`CREATE TABLE "cases" ("id" uuid NOT NULL, "workflow_id" character varying(64) NOT NULL, "workflow_version" integer NOT NULL, "workflow_hash" character(64) NOT NULL, "kind" character varying(32) NOT NULL, "title" character varying(200) NOT NULL, "status" character varying(64) NOT NULL, "snapshot" jsonb NOT NULL, "version" integer NOT NULL, "last_event_hash" character(64) NOT NULL, "region_code" character varying(6) NOT NULL, "industry_code" character varying(1), "union_org_id" uuid NOT NULL, "employer_org_id" uuid, "initiator_side" character varying(8) NOT NULL, "employees_covered" integer NOT NULL, "campaign_id" uuid, "previous_case_id" uuid, "next_case_id" uuid, "last_occurred_on" date, "overdue" boolean NOT NULL DEFAULT false, "term_end" date, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_264acb3048c240fb89aa34626db" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_cases_campaign" ON "cases"  ("campaign_id") `);
        await queryRunner.query(`CREATE INDEX "idx_cases_employer" ON "cases"  ("employer_org_id") `);
        await queryRunner.query(`CREATE INDEX "idx_cases_union" ON "cases"  ("union_org_id") `);
        await queryRunner.query(`CREATE INDEX "idx_cases_region" ON "cases"  ("region_code") `);
        await queryRunner.query(`CREATE TABLE "case_deadlines" ("case_id" uuid NOT NULL, "key" character varying(64) NOT NULL, "state" character varying(64) NOT NULL, "due_on" date NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "on_expiry" character varying(64) NOT NULL, "marks_overdue" boolean NOT NULL, "basis" jsonb NOT NULL, "warnings" jsonb NOT NULL DEFAULT '[]', CONSTRAINT "PK_a9abcf1afb5af4764f6d04e3a41" PRIMARY KEY ("case_id", "key"))`);
        await queryRunner.query(`CREATE INDEX "idx_case_deadlines_due" ON "case_deadlines"  ("due_at") `);
        await queryRunner.query(`CREATE TABLE "case_enterprises" ("case_id" uuid NOT NULL, "enterprise_id" uuid NOT NULL, "employees" integer NOT NULL, CONSTRAINT "PK_5b5de4a1985c65cc56be09212f9" PRIMARY KEY ("case_id", "enterprise_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_case_enterprises_enterprise" ON "case_enterprises"  ("enterprise_id") `);
        await queryRunner.query(`CREATE TABLE "case_events" ("case_id" uuid NOT NULL, "seq" integer NOT NULL, "type" character varying(64) NOT NULL, "actor_id" uuid, "actor_role" character varying(16) NOT NULL, "payload" jsonb NOT NULL, "from_state" character varying(64), "to_state" character varying(64) NOT NULL, "occurred_on" date NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_519951e2d37bc5cf0fd582f0d58" PRIMARY KEY ("case_id", "seq"))`);
        await queryRunner.query(`CREATE TABLE "case_idempotency_keys" ("case_id" uuid NOT NULL, "key" character varying(128) NOT NULL, "actor_id" uuid, "request_hash" character(64) NOT NULL, "seq" integer NOT NULL, "result" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cea6c0637414fc5d4fbfc6f81d6" PRIMARY KEY ("case_id", "key"))`);
        await queryRunner.query(`ALTER TABLE "cases" ADD CONSTRAINT "fk_cases_workflow" FOREIGN KEY ("workflow_id", "workflow_version") REFERENCES "workflow_definitions"("id","version") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "cases" ADD CONSTRAINT "fk_cases_region" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "cases" ADD CONSTRAINT "fk_cases_union" FOREIGN KEY ("union_org_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "cases" ADD CONSTRAINT "fk_cases_employer" FOREIGN KEY ("employer_org_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "case_deadlines" ADD CONSTRAINT "fk_case_deadlines_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "case_enterprises" ADD CONSTRAINT "fk_case_enterprises_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "case_enterprises" ADD CONSTRAINT "fk_case_enterprises_enterprise" FOREIGN KEY ("enterprise_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "case_events" ADD CONSTRAINT "fk_case_events_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "case_idempotency_keys" ADD CONSTRAINT "fk_case_idempotency_keys_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "case_idempotency_keys" DROP CONSTRAINT "fk_case_idempotency_keys_case"`);
        await queryRunner.query(`ALTER TABLE "case_events" DROP CONSTRAINT "fk_case_events_case"`);
        await queryRunner.query(`ALTER TABLE "case_enterprises" DROP CONSTRAINT "fk_case_enterprises_enterprise"`);
        await queryRunner.query(`ALTER TABLE "case_enterprises" DROP CONSTRAINT "fk_case_enterprises_case"`);
        await queryRunner.query(`ALTER TABLE "case_deadlines" DROP CONSTRAINT "fk_case_deadlines_case"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_employer"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_union"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_region"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_workflow"`);
        await queryRunner.query(`DROP TABLE "case_idempotency_keys"`);
        await queryRunner.query(`DROP TABLE "case_events"`);
        await queryRunner.query(`DROP INDEX "public"."idx_case_enterprises_enterprise"`);
        await queryRunner.query(`DROP TABLE "case_enterprises"`);
        await queryRunner.query(`DROP INDEX "public"."idx_case_deadlines_due"`);
        await queryRunner.query(`DROP TABLE "case_deadlines"`);
        await queryRunner.query(`DROP INDEX "public"."idx_cases_region"`);
        await queryRunner.query(`DROP INDEX "public"."idx_cases_union"`);
        await queryRunner.query(`DROP INDEX "public"."idx_cases_employer"`);
        await queryRunner.query(`DROP INDEX "public"."idx_cases_campaign"`);
        await queryRunner.query(`DROP TABLE "cases"`);
        await queryRunner.query(`DROP TABLE "workflow_definitions"`);
    }

}
