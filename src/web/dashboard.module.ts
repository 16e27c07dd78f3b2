import { Module } from '@nestjs/common';

/** The federation's campaign dashboard page and its locally served assets. */
@Module({})
export class DashboardModule {}
