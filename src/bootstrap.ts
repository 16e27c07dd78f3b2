import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { validationJsonSchema } from './workflow-engine/payloads/validate-payload.js';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { resolveJwtSecret } from './accounts/jwt-secret.js';
import { AppModule } from './app.module.js';
import type { CoreOptions } from './common/core.module.js';
import { ProblemFilter } from './common/errors/problem.filter.js';
import { securityHeaders } from './common/security/security-headers.js';
import { NestPinoLogger } from './common/logging/logger.js';
import { requestLogging } from './common/logging/request-logging.middleware.js';
import { inputGuard } from './common/validation/input-guard.middleware.js';
import { createValidationPipe } from './common/validation/validation-pipe.js';
import type { AppConfig } from './config/app-config.js';
import { whileHoldingLock, LOCK_KEYS } from './database/advisory-lock.js';
import { createDataSource, type DatabaseTarget } from './database/data-source.js';
import { seedDemo } from './database/seed/demo-seed.js';
import { loadReferenceData } from './organisations/reference-data.loader.js';

/** Opens the database, applies every pending migration and loads the reference data. */
export async function prepareDatabase(target: DatabaseTarget, options: { seedDemo: boolean }) {
  const dataSource = await createDataSource(target);
  await dataSource.initialize();
  // Instances starting at once on a new database: one migrates, the others wait and find nothing pending.
  const applied = await whileHoldingLock(dataSource, LOCK_KEYS.migrations, async () => {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    await loadReferenceData(dataSource);
    return ran;
  });
  const seeded = options.seedDemo ? await seedDemo(dataSource) : false;
  return { dataSource, appliedMigrations: applied.map((m) => m.name), seeded };
}

export function targetOf(config: AppConfig): DatabaseTarget {
  return config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.dataDir };
}

export type AppExtras = Pick<CoreOptions, 'clock' | 'calendar' | 'workflowsDir' | 'minimumWage'>;

/** Builds the HTTP application on an open, migrated database. Used by main.ts and by the tests alike. */
export async function createApp(config: AppConfig, dataSource: DataSource, logger: Logger, extras: AppExtras = {}): Promise<INestApplication> {
  const jwtSecret = await resolveJwtSecret(dataSource, config.jwtSecret);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register({ config, dataSource, jwtSecret, logger, ...extras }), {
    bodyParser: false,
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestLogging(logger));
  app.use(...securityHeaders());
  app.useBodyParser('json', { limit: config.bodyLimitBytes });
  app.use(inputGuard);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter(logger));
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('集体协商工作流引擎 Collective bargaining workflow engine')
      .setDescription('API of the collective bargaining procedure (集体协商). Errors are application/problem+json with Chinese and English messages.')
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  // Bodies that are the procedure's payload classes (no @ApiProperty of their own): document them from their validation rules.
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    if ('properties' in schema && Object.keys(schema.properties ?? {}).length > 0) continue;
    const derived = validationJsonSchema(name);
    if (derived) document.components!.schemas![name] = derived as never;
  }
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  await app.init();
  return app;
}
