import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { App } from 'supertest/types.js';
import { createApp, prepareDatabase, type AppExtras } from '../../src/bootstrap.js';
import { ManualClock } from '../../src/common/clock.js';
import { DeadlineScheduler } from '../../src/workflow-engine/deadline-scheduler.js';
import { createLogger } from '../../src/common/logging/logger.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { DEMO_PASSWORD } from '../../src/database/seed/demo-organisations.js';
import { createTestDatabase, type DatabaseChoice } from './test-database.js';

export interface TestApp {
  app: INestApplication;
  dataSource: DataSource;
  config: AppConfig;
  databaseKind: 'postgres' | 'pglite';
  clock: ManualClock;
  /** Fires every due deadline now (the scheduler's timer is off in tests). */
  fireDueDeadlines(): Promise<number>;
  http: () => ReturnType<typeof request>;
  /** Signs in (demo password by default) and returns the bearer token. */
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  seedDemo?: boolean;
  database?: DatabaseChoice;
  env?: Record<string, string>;
  /** Where the service's JSON log lines go (at LOG_LEVEL from env, silent by default). */
  logTo?: { write(line: string): void };
  /** The service's clock; a ManualClock at 2018-03-01 China noon by default. */
  clock?: ManualClock;
  extras?: Omit<AppExtras, 'clock'>;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase(options.database);
  const config = loadConfig({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', SCHEDULER_INTERVAL_MS: '0', ...options.env }, []);
  const clock = options.clock ?? new ManualClock(new Date('2018-03-01T04:00:00Z'));
  const { dataSource } = await prepareDatabase(database.target, { seedDemo: options.seedDemo ?? true });
  const app = await createApp(config, dataSource, createLogger(config.logLevel, options.logTo), { ...options.extras, clock });
  const server = app.getHttpServer() as App;
  const http = () => request(server);
  const tokens = new Map<string, string>();
  return {
    app,
    dataSource,
    config,
    databaseKind: database.kind,
    clock,
    fireDueDeadlines: () => app.get(DeadlineScheduler).runUntilIdle(),
    http,
    async login(username, password = DEMO_PASSWORD) {
      const key = `${username}\u0000${password}`;
      if (!tokens.has(key)) {
        const res = await http().post('/api/auth/login').send({ username, password });
        if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${res.text}`);
        tokens.set(key, res.body.accessToken);
      }
      return tokens.get(key)!;
    },
    async close() {
      await app.close();
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.drop();
    },
  };
}
