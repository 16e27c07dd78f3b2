import { MigrationInterface, QueryRunner } from "typeorm";

export class Init1795643163196 implements MigrationInterface {
    name = 'Init1795643163196'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "industries" ("code" character varying(1) NOT NULL, "name" character varying(64) NOT NULL, CONSTRAINT "PK_afc1ff553ae4dfc3502ccb363d0" PRIMARY KEY ("code"))`);
        await queryRunner.query(`CREATE TABLE "regions" ("code" character varying(6) NOT NULL, "name" character varying(64) NOT NULL, "level" character varying(16) NOT NULL, "parent_code" character varying(6), "path" character varying(64) NOT NULL, CONSTRAINT "PK_4f6dc5a464961e7c65a395ea4c6" PRIMARY KEY ("code"))`);
        await queryRunner.query(`CREATE INDEX "idx_regions_path" ON "regions"  ("path") `);
        await queryRunner.query(`CREATE TABLE "organisations" ("id" uuid NOT NULL, "kind" character varying(24) NOT NULL, "name" character varying(200) NOT NULL, "credit_code" character varying(18), "region_code" character varying(6) NOT NULL, "industry_code" character varying(1), "employees" integer, "unionised" boolean, "union_level" character varying(16), "enterprise_id" uuid, "parent_id" uuid, "legal_representative" character varying(64), "address" character varying(300), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_organisations_employees" CHECK ("employees" IS NULL OR "employees" >= 0), CONSTRAINT "chk_organisations_union_level" CHECK (("kind" = 'union') = ("union_level" IS NOT NULL)), CONSTRAINT "chk_organisations_kind" CHECK ("kind" IN ('enterprise', 'union', 'employer_association', 'labour_bureau')), CONSTRAINT "PK_7bf54cba378d5b2f1d4c10ef4df" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_organisations_credit_code" ON "organisations"  ("credit_code") WHERE "credit_code" IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "idx_organisations_enterprise" ON "organisations"  ("enterprise_id") `);
        await queryRunner.query(`CREATE INDEX "idx_organisations_parent" ON "organisations"  ("parent_id") `);
        await queryRunner.query(`CREATE INDEX "idx_organisations_kind_region" ON "organisations"  ("kind", "region_code") `);
        await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL, "username" character varying(64) NOT NULL, "display_name" character varying(100) NOT NULL, "password_hash" character varying(255) NOT NULL, "role" character varying(16) NOT NULL, "organisation_id" uuid NOT NULL, "region_code" character varying(6) NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_users_role" CHECK ("role" IN ('union', 'employer', 'instructor', 'bureau', 'federation', 'admin')), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_username" ON "users"  ("username") `);
        await queryRunner.query(`CREATE TABLE "app_settings" ("key" character varying(64) NOT NULL, "value" text NOT NULL, CONSTRAINT "PK_975c2db59c65c05fd9c6b63a2ab" PRIMARY KEY ("key"))`);
        await queryRunner.query(`ALTER TABLE "organisations" ADD CONSTRAINT "fk_organisations_region" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "organisations" ADD CONSTRAINT "fk_organisations_industry" FOREIGN KEY ("industry_code") REFERENCES "industries"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "organisations" ADD CONSTRAINT "fk_organisations_enterprise" FOREIGN KEY ("enterprise_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "organisations" ADD CONSTRAINT "fk_organisations_parent" FOREIGN KEY ("parent_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "fk_users_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "fk_users_region" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "fk_users_region"`);
        await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "fk_users_organisation"`);
        await queryRunner.query(`ALTER TABLE "organisations" DROP CONSTRAINT "fk_organisations_parent"`);
        await queryRunner.query(`ALTER TABLE "organisations" DROP CONSTRAINT "fk_organisations_enterprise"`);
        await queryRunner.query(`ALTER TABLE "organisations" DROP CONSTRAINT "fk_organisations_industry"`);
        await queryRunner.query(`ALTER TABLE "organisations" DROP CONSTRAINT "fk_organisations_region"`);
        await queryRunner.query(`DROP TABLE "app_settings"`);
        await queryRunner.query(`DROP INDEX "public"."uq_users_username"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP INDEX "public"."idx_organisations_kind_region"`);
        await queryRunner.query(`DROP INDEX "public"."idx_organisations_parent"`);
        await queryRunner.query(`DROP INDEX "public"."idx_organisations_enterprise"`);
        await queryRunner.query(`DROP INDEX "public"."uq_organisations_credit_code"`);
        await queryRunner.query(`DROP TABLE "organisations"`);
        await queryRunner.query(`DROP INDEX "public"."idx_regions_path"`);
        await queryRunner.query(`DROP TABLE "regions"`);
        await queryRunner.query(`DROP TABLE "industries"`);
    }

}
