import { Module } from '@nestjs/common';
import { JobQueue } from './job-queue.js';

/** Background jobs kept in PostgreSQL (the jobs table): one JobQueue, a worker per registered queue. */
@Module({
  providers: [JobQueue],
  exports: [JobQueue],
})
export class JobsModule {}
