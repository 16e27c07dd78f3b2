import { EventEmitter } from 'node:events';
import { PGlite, types, type PGliteOptions, type Results } from '@electric-sql/pglite';

// A `pg`-shaped driver for TypeORM on one embedded PGlite instance.
// PGlite is a single session, so the pool hands it to one TypeORM query runner at a time:
// a transaction never interleaves with another caller's statements (typeorm-pglite shares the
// session between runners, which breaks BEGIN/COMMIT under concurrency).

type Callback = (err: Error | null, result?: unknown) => void;

class Mutex {
  private tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}

const COMMAND = /^\s*(?:--[^\n]*\n\s*)*(\w+)/;

function toPgResult(sql: string, result: Results | undefined) {
  const rows = result?.rows ?? [];
  const command = (COMMAND.exec(sql)?.[1] ?? '').toUpperCase();
  return { rows, rowCount: result?.affectedRows ?? rows.length, command, fields: result?.fields ?? [] };
}

export class PgliteSession extends EventEmitter {
  constructor(private readonly db: PGlite) {
    super();
  }

  async query(sql: string | { text: string; values?: unknown[] }, params?: unknown[] | Callback, cb?: Callback) {
    if (typeof sql === 'object') {
      cb = params as Callback | undefined;
      params = sql.values;
      sql = sql.text;
    }
    if (typeof params === 'function') {
      cb = params;
      params = undefined;
    }
    const values = params as unknown[] | undefined;
    try {
      const result =
        values && values.length > 0
          ? toPgResult(sql, await this.db.query(sql, values))
          : toPgResult(sql, (await this.db.exec(sql)).at(-1));
      cb?.(null, result);
      return result;
    } catch (err) {
      if (cb) return cb(err as Error);
      throw err;
    }
  }
}

export interface EmbeddedDatabase {
  db: PGlite;
  driver: unknown;
}

/** Opens PGlite (in memory when dataDir is undefined) and returns the driver object for TypeORM's `driver` option. */
export async function openEmbeddedDatabase(dataDir?: string): Promise<EmbeddedDatabase> {
  const options: PGliteOptions = {
    // Same JS types as node-postgres with our parsers: int8 → number, booleans as SQL literals.
    parsers: { [types.INT8]: (v: string) => Number(v), [types.DATE]: (v: string) => v },
    serializers: {
      [types.BOOL]: (v: unknown) => (v === true || v === 'true' || v === 1 ? 'TRUE' : v === false || v === 'false' || v === 0 ? 'FALSE' : String(v)),
    },
  };
  const db = dataDir ? await PGlite.create(dataDir, options) : await PGlite.create(options);
  const session = new PgliteSession(db);
  const mutex = new Mutex();

  class Pool extends EventEmitter {
    connect(callback: (err: Error | null, client?: PgliteSession, release?: () => void) => void) {
      mutex.lock().then((unlock) => {
        let released = false;
        callback(null, session, () => {
          if (!released) {
            released = true;
            unlock();
          }
        });
      }, callback);
    }
    async query(sql: string, params?: unknown[]) {
      const unlock = await mutex.lock();
      try {
        return await session.query(sql, params);
      } finally {
        unlock();
      }
    }
    end(callback?: (err: Error | null) => void) {
      db.close().then(() => callback?.(null), (err) => callback?.(err));
    }
  }

  return { db, driver: { Pool } };
}
