import { Module } from '@nestjs/common';

/** Bulk offers: many cases started and their offer letters rendered through the job queue. */
@Module({})
export class BulkOffersModule {}
