import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/tokens.js';
import { RegionDirectory } from '../organisations/region-directory.js';
import { AccessPolicy } from './access/access-policy.js';
import { AuthGuard } from './auth/auth.guard.js';

export interface CoreOptions {
  config: AppConfig;
  dataSource: DataSource;
  jwtSecret: string;
}

/** What every module may inject: config, the database, the region tree and the access policy; and the global auth guard. */
@Global()
@Module({})
export class CoreModule {
  static register({ config, dataSource, jwtSecret }: CoreOptions): DynamicModule {
    return {
      module: CoreModule,
      imports: [JwtModule.register({ global: true, secret: jwtSecret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } })],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DataSource, useValue: dataSource },
        RegionDirectory,
        AccessPolicy,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [APP_CONFIG, DataSource, RegionDirectory, AccessPolicy],
    };
  }
}
