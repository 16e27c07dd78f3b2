// The HTTP load generator, on its own thread: its fetch calls and JSON parsing do not share the
// service's event loop, so the figures are the service's.
import { parentPort, workerData } from 'node:worker_threads';
import { happyPath } from './procedure-driver.js';
import { percentile, round } from './support.js';

interface Job {
  base: string;
  tokens: Record<string, string>;
  clients: number;
  seconds: number;
  today: string;
  startBody: unknown;
}

const job = workerData as Job;

async function post(path: string, role: string, body: unknown) {
  const res = await fetch(`${job.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${job.tokens[role]}` }, body: JSON.stringify(body) });
  const json = (await res.json()) as { id: string; detail_en?: string };
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${json.detail_en}`);
  return json;
}

const latencies: number[] = [];
let errors = 0;
const end = performance.now() + job.seconds * 1000;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: job.clients }, async () => {
    while (performance.now() < end) {
      const { id } = await post('/api/cases', 'union', job.startBody);
      for (const step of happyPath(job.today)) {
        if (performance.now() >= end) break;
        const s = performance.now();
        try {
          await post(`/api/cases/${id}/events`, step.by, { type: step.type, payload: step.payload });
          latencies.push(performance.now() - s);
        } catch (err) {
          if (errors++ < 3) console.error(err);
          break;
        }
      }
    }
  }),
);
const elapsed = (performance.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
parentPort!.postMessage({ transitionsPerSecond: round(latencies.length / elapsed, 1), p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)), transitions: latencies.length, errors });
