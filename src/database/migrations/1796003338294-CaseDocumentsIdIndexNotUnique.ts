import { MigrationInterface, QueryRunner } from "typeorm";

export class CaseDocumentsIdIndexNotUnique1796003338294 implements MigrationInterface {
    name = 'CaseDocumentsIdIndexNotUnique1796003338294'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_case_documents_id"`);
        await queryRunner.query(`CREATE INDEX "idx_case_documents_id" ON "case_documents"  ("id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_case_documents_id"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_case_documents_id" ON "case_documents" USING btree ("id") `);
    }

}
