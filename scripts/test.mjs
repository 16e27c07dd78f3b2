// `npm test`: install what is missing, build (the end-to-end tests start the built service), then Jest
// in its ESM mode. Extra arguments go to Jest, e.g. `npm test -- test/auth`.
// `npm test -- --compat` runs only COMPAT below: the cross-section CI runs on the second supported Node.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build, ensureDependencies, ROOT, run } from './ensure-deps.mjs';
import { assertSupportedNode } from './node-engines.mjs';
import { ensureSystemPackages } from './system-deps.mjs';

/**
 * What depends on the Node version, each part once: unit specs and the state machines (ESM loading, ts-jest),
 * the engines check, migrations on PGlite (WebAssembly), the built service as a child process, a case over HTTP
 * on PostgreSQL, Chromium through puppeteer (renderer, a browser spec), pg_dump/pg_restore with the service.
 */
const COMPAT = ['src', 'test/unit', 'test/platform', 'test/migrations.spec.ts', 'test/service-process.e2e.spec.ts', 'test/cases-smoke.e2e.spec.ts', 'test/documents/renderer.spec.ts', 'test/web/pages.browser.spec.ts', 'test/backup'];

function compatSpecs() {
  return COMPAT.flatMap((p) => {
    const path = join(ROOT, p);
    if (!existsSync(path)) throw new Error(`COMPAT names ${p}, which is gone`);
    if (p.endsWith('.spec.ts')) return [path];
    return readdirSync(path, { recursive: true }).filter((f) => String(f).endsWith('.spec.ts')).map((f) => join(path, String(f)));
  });
}

assertSupportedNode();
ensureDependencies();
ensureSystemPackages({ forTests: true });
build();
const args = process.argv.slice(2);
const jestArgs = args.includes('--compat') ? [...args.filter((a) => a !== '--compat'), '--runTestsByPath', ...compatSpecs()] : args;
run(process.execPath, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), ...jestArgs]);
