import { isAbsolute } from 'node:path';
import { projectPath } from './project-root.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface AppConfig {
  port: number;
  host: string;
  /** PostgreSQL server URL; undefined means the embedded PGlite database. */
  databaseUrl?: string;
  /** Directory of the embedded database. */
  dataDir: string;
  /** HS256 secret; undefined means one generated once and kept in the database. */
  jwtSecret?: string;
  jwtTtlSeconds: number;
  seedDemo: boolean;
  bodyLimitBytes: number;
  logLevel: LogLevel;
  /** How often the deadline scheduler looks for due deadlines; 0 turns it off (tests drive it by hand). */
  schedulerIntervalMs: number;
  /** The PDF renderer: pages rendering at once, renders waiting before 503, time per render, the browser's binary. */
  render: { pages: number; queueLimit: number; timeoutMs: number; chromiumPath: string };
}

/** Thrown for the first bad variable; main.ts prints its one line and exits. */
export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function fail(name: string, rule: string, value: string): never {
  throw new ConfigError(`配置错误 configuration error: ${name} ${rule} (got ${JSON.stringify(value)})`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) fail(name, `must be an integer from ${min} to ${max}`, raw);
  return Number(raw);
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  return fail(name, 'must be 1/true/yes or 0/false/no', raw);
}

const SIZE = /^(\d+)(b|kb|mb)?$/i;
function size(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const m = SIZE.exec(raw);
  if (!m) return fail(name, 'must be a size such as 512kb or 1mb', raw);
  const unit = (m[2] ?? 'b').toLowerCase();
  const bytes = Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
  if (bytes < 1024 || bytes > 100 * 1024 * 1024) fail(name, 'must be between 1kb and 100mb', raw);
  return bytes;
}

/** Reads and validates the environment. Nothing else in the service reads process.env. */
export function loadConfig(env: Env = process.env, argv: string[] = process.argv): AppConfig {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(databaseUrl);
    } catch {
      url = undefined;
    }
    if (!url || !['postgres:', 'postgresql:'].includes(url.protocol)) {
      // Hide everything between the scheme and the last '@': a password may itself contain '@', or lack the '//'.
      fail('DATABASE_URL', 'must be a postgres:// or postgresql:// URL', databaseUrl.replace(/^([a-z][a-z0-9+.-]*:(?:\/\/)?)?[\s\S]*@/i, '$1***@'));
    }
  }
  const jwtSecret = env.JWT_SECRET || undefined;
  if (jwtSecret !== undefined && jwtSecret.length < 32) fail('JWT_SECRET', 'must be at least 32 characters', '***');
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    fail('LOG_LEVEL', 'must be one of fatal, error, warn, info, debug, trace, silent', logLevel);
  }
  const dataDir = env.DATA_DIR || projectPath('data');
  return {
    port: integer(env, 'PORT', 3000, 1, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir: isAbsolute(dataDir) ? dataDir : projectPath(dataDir),
    jwtSecret,
    jwtTtlSeconds: integer(env, 'JWT_TTL_SECONDS', 900, 60, 86400),
    // The demo seed runs on the embedded database, on a server only when asked.
    seedDemo: argv.includes('--demo') || flag(env, 'SEED_DEMO', databaseUrl === undefined),
    bodyLimitBytes: size(env, 'BODY_LIMIT', 1024 * 1024),
    logLevel,
    schedulerIntervalMs: integer(env, 'SCHEDULER_INTERVAL_MS', 1000, 0, 3_600_000),
    render: {
      pages: integer(env, 'RENDER_PAGES', 2, 1, 16),
      queueLimit: integer(env, 'RENDER_QUEUE_LIMIT', 50, 0, 10_000),
      timeoutMs: integer(env, 'RENDER_TIMEOUT_MS', 20_000, 100, 600_000),
      chromiumPath: env.CHROMIUM_PATH || '/usr/bin/chromium',
    },
  };
}
