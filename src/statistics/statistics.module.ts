import { Module } from '@nestjs/common';
import { StatisticsController } from './statistics.controller.js';
import { StatisticsRecount } from './statistics-recount.js';
import { StatisticsService } from './statistics.service.js';

/** The campaign's statistics: rollups the engine keeps (rollup-sql.ts), their recount and the API. */
@Module({
  controllers: [StatisticsController],
  providers: [StatisticsService, StatisticsRecount],
  exports: [StatisticsService, StatisticsRecount],
})
export class StatisticsModule {}
