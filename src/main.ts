import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config.js';
import { createLogger } from './common/logging/logger.js';
import { describeTarget } from './database/data-source.js';
import { DEMO_PASSWORD, DEMO_USERS } from './database/seed/demo-organisations.js';
import { createApp, prepareDatabase, targetOf } from './bootstrap.js';
import { seedDemoCases } from './database/seed/demo-cases.js';
import { DocumentProducer } from './documents/document-producer.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const target = targetOf(config);
  const { dataSource, appliedMigrations, seeded } = await prepareDatabase(target, { seedDemo: config.seedDemo });
  logger.info({ database: describeTarget(target), appliedMigrations, demoSeeded: seeded }, 'database ready');
  const app = await createApp(config, dataSource, logger);
  if (config.seedDemo) {
    const cases = await seedDemoCases(app);
    if (cases) logger.info({ cases }, 'demo cases seeded');
  }
  await app.listen(config.port, config.host);
  app.get(DocumentProducer).start();

  const url = `http://localhost:${config.port}`;
  const lines = [
    '',
    `  集体协商工作流引擎已启动  Collective bargaining engine is up: ${url}`,
    `  数据库 database: ${describeTarget(target)}`,
    `  接口文档 API docs: ${url}/api/docs    健康检查 health: ${url}/health`,
  ];
  if (config.seedDemo) {
    lines.push(`  演示账号 demo accounts (password 密码 ${DEMO_PASSWORD}):`);
    for (const u of DEMO_USERS) lines.push(`    ${u.username.padEnd(16)} ${u.role.padEnd(11)} ${u.displayName}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await app.close();
    await dataSource.destroy();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`启动失败 startup failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
