import { MigrationInterface, QueryRunner } from "typeorm";

export class InstructorUnassignment1795997596635 implements MigrationInterface {
    name = 'InstructorUnassignment1795997596635'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "case_instructors" ADD "unassigned_at" TIMESTAMP WITH TIME ZONE`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "case_instructors" DROP COLUMN "unassigned_at"`);
    }

}
