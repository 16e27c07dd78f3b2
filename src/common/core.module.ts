import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { MinimumWageTable } from '../compliance/minimum-wage.js';
import { DeadlineCalendar } from '../workflow-engine/calendar/deadline-calendar.js';
import { Clock, SystemClock } from './clock.js';
import { APP_LOGGER } from './logging/logger.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG, WORKFLOWS_DIR } from '../config/tokens.js';
import { RegionDirectory } from '../organisations/region-directory.js';
import { AccessPolicy } from './access/access-policy.js';
import { AuthGuard, JWT_KEY } from './auth/auth.guard.js';
import { secretKey } from './auth/hs256.js';

export interface CoreOptions {
  config: AppConfig;
  dataSource: DataSource;
  jwtSecret: string;
  logger: Logger;
  /** Defaults to the system clock; tests pass a ManualClock. */
  clock?: Clock;
  /** Defaults to the one built from src/reference-data. */
  calendar?: DeadlineCalendar;
  /** Defaults to workflows/. */
  workflowsDir?: string;
  /** Defaults to the one built from src/reference-data (tests swap it). */
  minimumWage?: MinimumWageTable;
}


/** What every module may inject: config, the database, the region tree and the access policy; and the global auth guard. */
@Global()
@Module({})
export class CoreModule {
  static register({ config, dataSource, jwtSecret, logger, clock, calendar, workflowsDir, minimumWage }: CoreOptions): DynamicModule {
    return {
      module: CoreModule,
      imports: [JwtModule.register({ global: true, secret: jwtSecret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } })],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DataSource, useValue: dataSource },
        { provide: APP_LOGGER, useValue: logger },
        { provide: Clock, useValue: clock ?? new SystemClock() },
        { provide: DeadlineCalendar, useValue: calendar ?? DeadlineCalendar.fromDirectory() },
        { provide: WORKFLOWS_DIR, useValue: workflowsDir },
        { provide: MinimumWageTable, useValue: minimumWage ?? MinimumWageTable.fromDirectory() },
        RegionDirectory,
        AccessPolicy,
        { provide: JWT_KEY, useValue: secretKey(jwtSecret) },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [APP_CONFIG, DataSource, APP_LOGGER, Clock, DeadlineCalendar, WORKFLOWS_DIR, MinimumWageTable, RegionDirectory, AccessPolicy],
    };
  }
}
