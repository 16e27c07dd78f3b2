import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { projectPath } from '../../src/config/project-root.js';

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stop(): Promise<number | null>;
}

/** Runs the built service (dist/src/main.js, as `npm start` does) with the given environment. */
export function runService(env: Record<string, string | undefined>, args: string[] = []): { child: ChildProcess; output: () => { stdout: string; stderr: string }; exited: Promise<number | null> } {
  const merged: Record<string, string | undefined> = { ...process.env, DATABASE_URL: undefined, ...env };
  const clean = Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
  const child = spawn(process.execPath, [projectPath('dist', 'src', 'main.js'), ...args], { env: clean, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => ({ stdout, stderr }), exited };
}

/** Starts the service and waits until /health answers 200. */
export async function startService(env: Record<string, string | undefined>, timeoutMs = 60_000): Promise<ServiceProcess> {
  const port = await freePort();
  const { child, output, exited } = runService({ LOG_LEVEL: 'warn', ...env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let done = false;
  exited.then(() => (done = true));
  while (!done && Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/health`)).status === 200) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (done || Date.now() >= deadline) {
    // Not left running (with its Chromium) after the test has given up on it.
    if (!done) {
      child.kill('SIGKILL');
      await exited;
    }
    throw new Error(`service did not come up: ${JSON.stringify(output())}`);
  }
  return {
    child,
    url,
    stdout: () => output().stdout,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
