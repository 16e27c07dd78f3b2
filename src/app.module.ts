import { Module, type DynamicModule } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module.js';
import { AuditModule } from './audit/audit.module.js';
import { BargainingModule } from './bargaining/bargaining.module.js';
import { BulkOffersModule } from './campaigns/bulk-offers/bulk-offers.module.js';
import { CampaignsModule } from './campaigns/campaigns.module.js';
import { LedgerModule } from './campaigns/ledger/ledger.module.js';
import { RosterModule } from './campaigns/roster/roster.module.js';
import { CoreModule, type CoreOptions } from './common/core.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { FilingsModule } from './filings/filings.module.js';
import { InstructorsModule } from './instructors/instructors.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { DashboardModule } from './web/dashboard.module.js';
import { HealthController } from './health/health.controller.js';
import { OrganisationsModule } from './organisations/organisations.module.js';
import { StatisticsModule } from './statistics/statistics.module.js';

@Module({})
export class AppModule {
  static register(options: CoreOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.register(options), AuditModule, AccountsModule, OrganisationsModule, BargainingModule, DocumentsModule, StatisticsModule, CampaignsModule, RosterModule, LedgerModule, InstructorsModule, FilingsModule, JobsModule, BulkOffersModule, DashboardModule],
      controllers: [HealthController],
    };
  }
}
