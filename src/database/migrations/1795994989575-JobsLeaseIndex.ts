import { MigrationInterface, QueryRunner } from "typeorm";

export class JobsLeaseIndex1795994989575 implements MigrationInterface {
    name = 'JobsLeaseIndex1795994989575'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "idx_jobs_leased" ON "jobs"  ("queue", "locked_until") WHERE "status" = 'running'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_jobs_leased"`);
    }

}
