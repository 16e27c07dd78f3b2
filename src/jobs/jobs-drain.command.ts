import type { INestApplication } from '@nestjs/common';
import { createApp, prepareDatabase, targetOf } from '../bootstrap.js';
import { createLogger } from '../common/logging/logger.js';
import { loadConfig } from '../config/app-config.js';
import { JobQueue } from './job-queue.js';

export const JOBS_DRAIN_USAGE = 'jobs:drain <queue>             run the queue\'s due jobs (e.g. bulk-offer) until none is due; exit 1 when some failed';

/**
 * `npm run cli -- jobs:drain bulk-offer`: the jobs a stopped service left, run by hand with the service's own
 * handlers (the whole application is built, its timers off). Jobs waiting for their back-off stay for later.
 */
export async function jobsDrainCommand(args: string[]): Promise<number> {
  const [queue] = args;
  if (!queue) {
    process.stderr.write(`usage: npm run cli -- ${JOBS_DRAIN_USAGE}\n`);
    return 2;
  }
  const config = loadConfig({ ...process.env, SCHEDULER_INTERVAL_MS: '0' }, []);
  const { dataSource } = await prepareDatabase(targetOf(config), { seedDemo: false });
  let app: INestApplication | undefined;
  try {
    app = await createApp(config, dataSource, createLogger(config.logLevel));
    await app.init();
    const jobs = app.get(JobQueue);
    if (!jobs.queues().includes(queue)) {
      process.stderr.write(`no handler for queue ${queue}; the queues are: ${jobs.queues().join(', ')}\n`);
      return 2;
    }
    const started = performance.now();
    const tally = await jobs.drain(queue);
    const [{ waiting }] = await dataSource.query(`SELECT count(*)::int AS waiting FROM jobs WHERE queue = $1 AND status IN ('queued', 'running')`, [queue]);
    process.stdout.write(
      `${tally.failed ? '✗' : '✓'} ${queue}: ${tally.done} done, ${tally.retried} to retry after their back-off, ${tally.failed} failed; ${waiting} still waiting (${Math.round(performance.now() - started)} ms)\n`,
    );
    return tally.failed ? 1 : 0;
  } finally {
    await app?.close();
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}
