import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller.js';
import { WebAssets } from './web-assets.js';

/** The federation's campaign dashboard page and its locally served assets. */
@Module({
  controllers: [DashboardController],
  providers: [WebAssets],
})
export class DashboardModule {}
