import { Module, type DynamicModule } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module.js';
import { BargainingModule } from './bargaining/bargaining.module.js';
import { CoreModule, type CoreOptions } from './common/core.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { HealthController } from './health/health.controller.js';
import { OrganisationsModule } from './organisations/organisations.module.js';
import { StatisticsModule } from './statistics/statistics.module.js';

@Module({})
export class AppModule {
  static register(options: CoreOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.register(options), AccountsModule, OrganisationsModule, BargainingModule, DocumentsModule, StatisticsModule],
      controllers: [HealthController],
    };
  }
}
