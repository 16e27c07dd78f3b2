import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import type { DataSource } from 'typeorm';
import { createApp, prepareDatabase } from '../../src/bootstrap.js';
import type { Actor } from '../../src/common/auth/actor.js';
import { ManualClock } from '../../src/common/clock.js';
import { createLogger } from '../../src/common/logging/logger.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import type { DatabaseTarget } from '../../src/database/data-source.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/database/seed/demo-organisations.js';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { CaseWorkflowService } from '../../src/workflow-engine/case-workflow.service.js';
import { DeadlineScheduler } from '../../src/workflow-engine/deadline-scheduler.js';

// One service instance on a database the caller owns (test-app.ts owns its database; this does not):
// for restarts on the same database and for several instances on one server database. Built exactly
// as test-app.ts builds its app (prepareDatabase + createApp with a ManualClock).

export interface ServiceInstance {
  app: INestApplication;
  dataSource: DataSource;
  config: AppConfig;
  clock: ManualClock;
  scheduler: DeadlineScheduler;
  engine: CaseWorkflowService;
  http: () => ReturnType<typeof request>;
  /** Signs in with the demo password and returns `{ Authorization }` headers. */
  as(username: string): Promise<{ Authorization: string }>;
  /** Closes the app (stopping its scheduler) and the DataSource; the database stays. */
  close(): Promise<void>;
}

export interface InstanceOptions {
  clock?: ManualClock;
  /** Environment for loadConfig; SCHEDULER_INTERVAL_MS is '0' (timer off) unless given. */
  env?: Record<string, string>;
  seedDemo?: boolean;
  /** Workflow files to run (workflows/ by default). */
  workflowsDir?: string;
}

export async function startInstance(target: DatabaseTarget, options: InstanceOptions = {}): Promise<ServiceInstance> {
  const config = loadConfig({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', SCHEDULER_INTERVAL_MS: '0', ...options.env }, []);
  const clock = options.clock ?? new ManualClock(new Date('2018-03-01T04:00:00Z'));
  const { dataSource } = await prepareDatabase(target, { seedDemo: options.seedDemo ?? true });
  let app: INestApplication;
  try {
    app = await createApp(config, dataSource, createLogger(config.logLevel), { clock, workflowsDir: options.workflowsDir });
  } catch (err) {
    await dataSource.destroy();
    throw err;
  }
  const server = app.getHttpServer() as App;
  const http = () => request(server);
  const tokens = new Map<string, string>();
  let closed = false;
  return {
    app,
    dataSource,
    config,
    clock,
    scheduler: app.get(DeadlineScheduler),
    engine: app.get(CaseWorkflowService),
    http,
    async as(username) {
      if (!tokens.has(username)) {
        const res = await http().post('/api/auth/login').send({ username, password: DEMO_PASSWORD });
        if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${res.text}`);
        tokens.set(username, res.body.accessToken);
      }
      return { Authorization: `Bearer ${tokens.get(username)}` };
    },
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}

/** The actor of a demo user, as the auth guard would build it from the token: for calling the engine service directly. */
export function demoActor(username: string): Actor {
  const u = DEMO_USERS.find((x) => x.username === username);
  if (!u) throw new Error(`no demo user ${username}`);
  return { userId: demoId(`user:${u.username}`), username: u.username, role: u.role, organisationId: demoId(u.organisationKey), regionCode: u.regionCode };
}

/** Polls `condition` until it holds or `timeoutMs` of real time passed; returns whether it held. Never a fixed sleep as an assertion. */
export async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000, everyMs = 20): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
