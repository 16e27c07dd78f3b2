// `npm test`: install what is missing, build (the end-to-end tests start the built service), then Jest
// in its ESM mode. Extra arguments go to Jest, e.g. `npm test -- test/auth`.
import { join } from 'node:path';
import { build, ensureDependencies, ROOT, run } from './ensure-deps.mjs';
import { assertSupportedNode } from './node-engines.mjs';
import { ensureSystemPackages } from './system-deps.mjs';

assertSupportedNode();
ensureDependencies();
ensureSystemPackages({ forTests: true });
build();
run(process.execPath, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), ...process.argv.slice(2)]);
