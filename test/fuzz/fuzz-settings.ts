import fc from 'fast-check';

// Bounded, replayable runs. `npm test` runs each property a fixed number of times from a fixed seed, so a
// failure there fails the same way on every machine; `npm run fuzz` (FUZZ_RUNS=20 by default) runs each
// property FUZZ_RUNS times as often, from a random seed unless FUZZ_SEED names one. fast-check prints the
// seed and the path of a failure ("seed: …, path: …"): FUZZ_SEED=<seed> FUZZ_PATH=<path> replays exactly it.

/** The seed of `npm test`: fixed, so CI sees the same cases each time. */
export const DEFAULT_SEED = 20261201;

const factor = Math.max(1, Number(process.env.FUZZ_RUNS ?? 1) || 1);
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : factor > 1 ? Date.now() % 2 ** 31 : DEFAULT_SEED;

/** fast-check's parameters for a property that runs `runs` times in `npm test`; `shrink` for cheap properties (a smaller counterexample). */
export function fuzzParameters<T>(runs: number, { shrink = false, salt = 0 } = {}): fc.Parameters<T> {
  return {
    // `salt` gives each of a spec's properties (each route) its own sequence from the one seed.
    seed: (seed + salt) | 0,
    numRuns: runs * factor,
    ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
    // The failure message carries the seed and path to replay it; say how.
    reporter: (details) => {
      if (!details.failed) return;
      const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      let report: string;
      try {
        report = (fc.defaultReportMessage(details) ?? "").slice(0, 5000);
      } catch {
        report = `(the counterexample is too deep to print) seed: ${details.seed}, path: ${details.counterexamplePath}`;
      }
      throw new Error(`${cause}\n${report}\nreplay: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath ?? ''} (runs ×${factor})`);
    },
    // Shrinking a property that talks to the database takes long: FUZZ_SHRINK=1 asks for it anyway.
    endOnFailure: !(shrink || process.env.FUZZ_SHRINK === '1'),
  } as fc.Parameters<T>;
}

export const FUZZ_FACTOR = factor;
export const FUZZ_SEED = seed;
