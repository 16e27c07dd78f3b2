import { MigrationInterface, QueryRunner } from "typeorm";

export class GuidanceNotes1796001019578 implements MigrationInterface {
    name = 'GuidanceNotes1796001019578'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "case_guidance_notes" ("case_id" uuid NOT NULL, "id" uuid NOT NULL, "seq" integer NOT NULL, "author_id" uuid NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "uq_case_guidance_notes_seq" UNIQUE ("case_id", "seq"), CONSTRAINT "ck_case_guidance_notes_body" CHECK (char_length(body) BETWEEN 1 AND 2000), CONSTRAINT "PK_1467c6eea7e46971d720321dd31" PRIMARY KEY ("case_id", "id"))`);
        await queryRunner.query(`ALTER TABLE "case_guidance_notes" ADD CONSTRAINT "fk_case_guidance_notes_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "case_guidance_notes" ADD CONSTRAINT "fk_case_guidance_notes_author" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "case_guidance_notes" DROP CONSTRAINT "fk_case_guidance_notes_author"`);
        await queryRunner.query(`ALTER TABLE "case_guidance_notes" DROP CONSTRAINT "fk_case_guidance_notes_case"`);
        await queryRunner.query(`DROP TABLE "case_guidance_notes"`);
    }

}
