import { MigrationInterface, QueryRunner } from "typeorm";

export class DocumentsAndOutbox1795653550865 implements MigrationInterface {
    name = 'DocumentsAndOutbox1795653550865'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "case_documents" ("case_id" uuid NOT NULL, "id" uuid NOT NULL, "event_seq" integer NOT NULL, "template_id" character varying(64) NOT NULL, "template_version" integer NOT NULL, "title" character varying(200) NOT NULL, "data" jsonb NOT NULL, "data_hash" character(64) NOT NULL, "pdf" bytea NOT NULL, "pdf_sha256" character(64) NOT NULL, "pdf_bytes" integer NOT NULL, "pages" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_361bcddadfa44b1785cc8fc96ad" PRIMARY KEY ("case_id", "id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_case_documents_id" ON "case_documents"  ("id") `);
        await queryRunner.query(`CREATE INDEX "idx_case_documents_pdf_sha256" ON "case_documents"  ("pdf_sha256") `);
        await queryRunner.query(`CREATE INDEX "idx_case_documents_data_hash" ON "case_documents"  ("data_hash") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_case_documents_event_template" ON "case_documents"  ("case_id", "event_seq", "template_id") `);
        await queryRunner.query(`CREATE TABLE "case_outbox" ("case_id" uuid NOT NULL, "seq" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "available_at" TIMESTAMP WITH TIME ZONE NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, CONSTRAINT "PK_8413966c9a8cb101255520f3708" PRIMARY KEY ("case_id", "seq"))`);
        await queryRunner.query(`CREATE INDEX "idx_case_outbox_available" ON "case_outbox"  ("available_at") `);
        await queryRunner.query(`ALTER TABLE "case_documents" ADD CONSTRAINT "fk_case_documents_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "case_outbox" ADD CONSTRAINT "fk_case_outbox_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "case_outbox" DROP CONSTRAINT "fk_case_outbox_case"`);
        await queryRunner.query(`ALTER TABLE "case_documents" DROP CONSTRAINT "fk_case_documents_case"`);
        await queryRunner.query(`DROP INDEX "public"."idx_case_outbox_available"`);
        await queryRunner.query(`DROP TABLE "case_outbox"`);
        await queryRunner.query(`DROP INDEX "public"."uq_case_documents_event_template"`);
        await queryRunner.query(`DROP INDEX "public"."idx_case_documents_data_hash"`);
        await queryRunner.query(`DROP INDEX "public"."idx_case_documents_pdf_sha256"`);
        await queryRunner.query(`DROP INDEX "public"."idx_case_documents_id"`);
        await queryRunner.query(`DROP TABLE "case_documents"`);
    }

}
