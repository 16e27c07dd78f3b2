// `npm start`: install what is missing, build, then run the service (migrations and the demo seed run
// inside it). Arguments pass through, e.g. `npm start -- --demo`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { build, ensureDependencies, ROOT } from './ensure-deps.mjs';
import { assertSupportedNode } from './node-engines.mjs';
import { ensureSystemPackages } from './system-deps.mjs';

assertSupportedNode();
ensureDependencies();
ensureSystemPackages();
build();
const child = spawn(process.execPath, ['--enable-source-maps', join(ROOT, 'dist', 'src', 'main.js'), ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
