// 支持的 Node 版本 The supported Node versions (package.json engines.node) are enforced: this suite fails when it
// runs on a Node outside them, and `npm start` / `npm test` refuse such a Node with a message that names the
// supported range, before installing or building anything.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname ?? process.cwd(), '..', '..');
const ENGINES: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines.node;

/** Runs a script with this Node, optionally pretending to be another version (process.versions.node replaced before the script loads). */
function runAs(script: string, args: string[] = [], pretend?: string) {
  const preload = pretend ? ['--import', `data:text/javascript,Object.defineProperty(process.versions,"node",{value:"${pretend}"})`] : [];
  const env = { ...process.env };
  delete env.CB_ALLOW_ANY_NODE;
  return spawnSync(process.execPath, [...preload, join(ROOT, script), ...args], { cwd: ROOT, encoding: 'utf8', env, timeout: 30_000 });
}

describe('Node versions (engines.node)', () => {
  it('names Node 20 (≥ 20.19) and Node 22 LTS (≥ 22.13, what typeorm needs on 22)', () => {
    expect(ENGINES).toBe('^20.19.0 || ^22.13.0');
  });

  it('this Node is a supported one (so the suite fails on any other)', () => {
    const r = runAs('scripts/node-engines.mjs');
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toContain(`Node v${process.versions.node} satisfies engines.node`);
  });

  it.each([
    ['18.20.4', false],
    ['20.18.3', false],
    ['20.19.0', true],
    ['v20.20.2', true],
    ['21.7.3', false],
    ['22.12.0', false],
    ['22.13.0', true],
    ['22.23.5', true],
    ['23.11.0', false],
    ['24.11.0', false],
  ])('Node %s supported: %s', (version, supported) => {
    const r = runAs('scripts/node-engines.mjs', [version]);
    expect(r.status).toBe(supported ? 0 : 1);
    if (!supported) expect(r.stderr).toContain(`unsupported Node: v${version.replace(/^v/, '')}`);
  });

  it.each(['scripts/start.mjs', 'scripts/test.mjs', 'scripts/run-compiled.mjs'])('%s refuses Node 18 with the supported range, before building', (script) => {
    const r = runAs(script, [], '18.20.4');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('不支持的 Node 版本 unsupported Node: v18.20.4');
    expect(r.stderr).toContain(`supported (package.json engines.node): ${ENGINES}`);
    expect(r.stderr).toContain('npm run node22');
    expect(r.stdout).not.toContain('building');
  });
});
