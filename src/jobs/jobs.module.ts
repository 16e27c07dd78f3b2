import { Module } from '@nestjs/common';

/** Background jobs kept in PostgreSQL (the jobs table). */
@Module({})
export class JobsModule {}
