// `npm run bench:*` and `npm run cli`: build, then run the compiled script (bench/ and src/cli.ts are compiled with the rest).
import { join } from 'node:path';
import { build, ensureDependencies, ROOT, run } from './ensure-deps.mjs';
import { assertSupportedNode } from './node-engines.mjs';

assertSupportedNode();

const [source, ...args] = process.argv.slice(2);
ensureDependencies();
build();
run(process.execPath, ['--enable-source-maps', join(ROOT, 'dist', source.replace(/\.ts$/, '.js')), ...args]);
