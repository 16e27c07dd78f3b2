import { MigrationInterface, QueryRunner } from "typeorm";

export class NegotiationWorkspace1795651723858 implements MigrationInterface {
    name = 'NegotiationWorkspace1795651723858'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "case_drafts" ("case_id" uuid NOT NULL, "version" integer NOT NULL, "source" character varying(24) NOT NULL, "session_no" integer, "proposal_ids" jsonb NOT NULL DEFAULT '[]', "content" jsonb NOT NULL, "content_hash" character(64) NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_994ba72448f5737c97db321e336" PRIMARY KEY ("case_id", "version"))`);
        await queryRunner.query(`CREATE TABLE "case_proposals" ("case_id" uuid NOT NULL, "id" uuid NOT NULL, "seq" integer NOT NULL, "session_no" integer NOT NULL, "side" character varying(8) NOT NULL, "action" character varying(8) NOT NULL, "article_key" character varying(40) NOT NULL, "chapter_no" integer, "after_key" character varying(40), "title" character varying(200), "text" text, "topics" jsonb, "terms" jsonb, "reason" text, "base_version" integer NOT NULL, "counter_to" uuid, "status" character varying(10) NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_remark" text, "applied_in" integer, CONSTRAINT "PK_c5d6b20a7e2374115d1058ddd04" PRIMARY KEY ("case_id", "id"))`);
        await queryRunner.query(`CREATE INDEX "idx_case_proposals_article" ON "case_proposals"  ("case_id", "article_key") `);
        await queryRunner.query(`CREATE TABLE "case_sessions" ("case_id" uuid NOT NULL, "session_no" integer NOT NULL, "scheduled_on" date NOT NULL, "starts_at" character varying(5), "place" character varying(200) NOT NULL, "agenda" jsonb NOT NULL, "recorder" jsonb NOT NULL, "held_on" date, "attendance" jsonb NOT NULL DEFAULT '[]', "minutes" text, "employee_confirmed_by" uuid, "employee_confirmed_at" TIMESTAMP WITH TIME ZONE, "employer_confirmed_by" uuid, "employer_confirmed_at" TIMESTAMP WITH TIME ZONE, "employee_remark" text, "employer_remark" text, "event_seq" integer, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_44758e459fadb417c0428d9a201" PRIMARY KEY ("case_id", "session_no"))`);
        await queryRunner.query(`ALTER TABLE "case_drafts" ADD CONSTRAINT "fk_case_drafts_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "case_proposals" ADD CONSTRAINT "fk_case_proposals_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "case_sessions" ADD CONSTRAINT "fk_case_sessions_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "case_sessions" DROP CONSTRAINT "fk_case_sessions_case"`);
        await queryRunner.query(`ALTER TABLE "case_proposals" DROP CONSTRAINT "fk_case_proposals_case"`);
        await queryRunner.query(`ALTER TABLE "case_drafts" DROP CONSTRAINT "fk_case_drafts_case"`);
        await queryRunner.query(`DROP TABLE "case_sessions"`);
        await queryRunner.query(`DROP INDEX "public"."idx_case_proposals_article"`);
        await queryRunner.query(`DROP TABLE "case_proposals"`);
        await queryRunner.query(`DROP TABLE "case_drafts"`);
    }

}
