// `npm run bench:*`: build (bench/ is compiled with the rest), then run the compiled benchmark.
import { join } from 'node:path';
import { build, ensureDependencies, ROOT, run } from './ensure-deps.mjs';

const [source, ...args] = process.argv.slice(2);
ensureDependencies();
build();
run(process.execPath, ['--enable-source-maps', join(ROOT, 'dist', source.replace(/\.ts$/, '.js')), ...args]);
