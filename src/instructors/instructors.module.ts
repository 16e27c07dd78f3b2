import { Module } from '@nestjs/common';

/** Bargaining instructors: registry, assignment to cases, workload and assessment. */
@Module({})
export class InstructorsModule {}
