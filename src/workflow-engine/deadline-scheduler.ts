import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_LOGGER } from '../common/logging/logger.js';
import { isServerDatabase, LOCK_KEYS } from '../database/advisory-lock.js';
import { APP_CONFIG } from '../config/tokens.js';
import type { AppConfig } from '../config/app-config.js';
import { CaseWorkflowService, SYSTEM_ACTOR } from './case-workflow.service.js';
import { DeadlineCalendar } from './calendar/deadline-calendar.js';

interface DueRow {
  case_id: string;
  key: string;
  on_expiry: string;
  due_at: Date;
}

/**
 * Fires due deadlines. Each claim locks the case row and the deadline row with SKIP LOCKED (never waits
 * on a user's transaction, never deadlocks with one), sends the expiry event through the same path as a
 * user as actor `system`, and deletes the row in the same transaction: with any number of instances,
 * each deadline fires exactly once.
 */
@Injectable()
export class DeadlineScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private holds = 0;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseWorkflowService) private readonly engine: CaseWorkflowService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap() {
    if (this.config.schedulerIntervalMs > 0) this.schedule(0);
  }

  async onApplicationShutdown() {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /**
   * Runs `work` (the demo seed) while this instance's timer fires nothing: the seed's acts are dated in the past,
   * each expecting the state the one before left, and it fires the deadlines itself, in its order (runUntilIdle).
   * Other instances' timers yield to it through the advisory lock the seed holds (see tick).
   */
  async hold<T>(work: () => Promise<T>): Promise<T> {
    this.holds++;
    try {
      return await work();
    } finally {
      this.holds--;
    }
  }

  private schedule(delay: number) {
    this.timer = setTimeout(async () => {
      this.running = (this.holds > 0 ? Promise.resolve(0) : this.runUntilIdle(50, true)).catch((err) => this.logger.error({ err }, 'deadline scheduler failed'));
      await this.running;
      if (this.timer) this.schedule(this.config.schedulerIntervalMs);
    }, delay);
    this.timer.unref();
  }

  /** Fires everything due now, batch after batch (an expiry may enter a state whose own deadline is already due); returns how many fired. */
  async runUntilIdle(batchSize = 50, yieldToSeed = false): Promise<number> {
    let total = 0;
    for (;;) {
      const fired = await this.tick(batchSize, yieldToSeed);
      total += fired;
      if (fired === 0) return total;
    }
  }

  /** One batch in one transaction; `yieldToSeed` (the timer's rounds): nothing while an instance seeds the demo. */
  async tick(batchSize = 50, yieldToSeed = false): Promise<number> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      // Shared for the whole round: the seeding instance's exclusive lock waits for rounds under way, and
      // no round starts while it holds it.
      if (yieldToSeed && isServerDatabase(this.dataSource)) {
        const [{ free }] = await manager.query('SELECT pg_try_advisory_xact_lock_shared($1) AS free', [LOCK_KEYS.demoCases]);
        if (!free) return 0;
      }
      const due: DueRow[] = await manager.query(
        `SELECT d.case_id, d.key, d.on_expiry, d.due_at
           FROM case_deadlines d JOIN cases c ON c.id = d.case_id
          WHERE d.due_at <= $1
          ORDER BY d.due_at
          LIMIT $2
          FOR UPDATE OF c, d SKIP LOCKED`,
        [now, batchSize],
      );
      let fired = 0;
      const seen = new Set<string>();
      for (const row of due) {
        // A case with two due deadlines: the first expiry may leave the state and cancel the second.
        if (seen.has(row.case_id)) {
          const still = await manager.query('SELECT 1 FROM case_deadlines WHERE case_id = $1 AND key = $2', [row.case_id, row.key]);
          if (still.length === 0) continue;
        }
        seen.add(row.case_id);
        const occurredOn = DeadlineCalendar.chinaDate(new Date(row.due_at));
        // A savepoint per deadline: one that cannot fire (a bug, bad data) is logged and retried later
        // instead of blocking every deadline due after it.
        await manager.query('SAVEPOINT fire_deadline');
        try {
          await this.engine.sendWithin(manager, row.case_id, row.on_expiry, { occurredOn }, SYSTEM_ACTOR, { deadlineKey: row.key });
          await manager.query('RELEASE SAVEPOINT fire_deadline');
          fired++;
        } catch (err) {
          await manager.query('ROLLBACK TO SAVEPOINT fire_deadline');
          this.logger.error({ err, caseId: row.case_id, deadline: row.key }, 'deadline could not fire; retrying in an hour');
          await manager.query(`UPDATE case_deadlines SET due_at = $3 WHERE case_id = $1 AND key = $2`, [row.case_id, row.key, new Date(now.getTime() + 3_600_000)]);
        }
      }
      if (fired) this.logger.info({ fired }, 'deadlines fired');
      return fired;
    });
  }
}
