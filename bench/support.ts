import pg from 'pg';

/** Small measuring helpers shared by the benchmarks. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export const rssMb = () => round(process.memoryUsage().rss / 1024 / 1024, 1);

/** Runs `task` from `concurrency` loops for `seconds`; returns per-call latencies (ms) and the rate. */
export async function drive(task: () => Promise<void>, concurrency: number, seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          await task();
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { count: latencies.length, errors, perSecond: round(latencies.length / elapsed, 1), p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) };
}

/** Runs one statement (CREATE/DROP DATABASE) on the server of `url` in a connection of its own. */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
