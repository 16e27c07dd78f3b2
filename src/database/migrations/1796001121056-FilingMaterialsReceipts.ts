import { MigrationInterface, QueryRunner } from "typeorm";

export class FilingMaterialsReceipts1796001121056 implements MigrationInterface {
    name = 'FilingMaterialsReceipts1796001121056'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "case_filing_materials" ("case_id" uuid NOT NULL, "id" uuid NOT NULL, "kind" character varying(40) NOT NULL, "file_name" character varying(255) NOT NULL, "content_type" character varying(40) NOT NULL, "size" integer NOT NULL, "sha256" character(64) NOT NULL, "bytes" bytea NOT NULL, "uploaded_by" uuid NOT NULL, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_8db8167ee20dbbdbe1a4a16a75b" PRIMARY KEY ("case_id", "id"))`);
        await queryRunner.query(`CREATE TABLE "case_filing_receipts" ("case_id" uuid NOT NULL, "filing_seq" integer NOT NULL, "receipt_no" character varying(64) NOT NULL, "received_on" date NOT NULL, "issued_by" uuid NOT NULL, "bureau_org_id" uuid NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a4dea6e167b54caf2f61a4902a1" PRIMARY KEY ("case_id", "filing_seq"))`);
        await queryRunner.query(`ALTER TABLE "case_filing_materials" ADD CONSTRAINT "fk_case_filing_materials_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "case_filing_receipts" ADD CONSTRAINT "fk_case_filing_receipts_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "case_filing_receipts" DROP CONSTRAINT "fk_case_filing_receipts_case"`);
        await queryRunner.query(`ALTER TABLE "case_filing_materials" DROP CONSTRAINT "fk_case_filing_materials_case"`);
        await queryRunner.query(`DROP TABLE "case_filing_receipts"`);
        await queryRunner.query(`DROP TABLE "case_filing_materials"`);
    }

}
