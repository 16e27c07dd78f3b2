// `npm run fuzz`: the property tests of test/fuzz with many more runs than `npm test` gives them
// (FUZZ_RUNS multiplies each property's runs; FUZZ_SEED replays a failure: its seed is printed).
// Extra arguments go to Jest, e.g. `npm run fuzz -- test/fuzz/machine`.
import { join } from 'node:path';
import { ensureDependencies, ROOT, run } from './ensure-deps.mjs';

ensureDependencies();
run(process.execPath, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--runInBand', join(ROOT, 'test', 'fuzz'), ...process.argv.slice(2)], {
  env: { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS ?? '20' },
});
