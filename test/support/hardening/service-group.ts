import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { projectPath } from '../../../src/config/project-root.js';
import { freePort } from '../service-process.js';

// The built service (dist/src/main.js) as a process group of its own: SIGKILL to the group takes the
// Node process and the Chromium it started down together, as a crashed container or machine would.

export interface BuiltService {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the service printed (JSON log lines and the banner), across this start. */
  output(): string;
  /** Deadlines this start fired, summed from its "deadlines fired" log lines (LOG_LEVEL info or lower). */
  deadlinesFired(): number;
  /** Lines of the log at level error (50) or above. */
  errorLines(): string[];
  /** SIGKILL to the whole group; resolves once the Node process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (the service finishes what it holds and exits 0). */
  stop(): Promise<number | null>;
}

export async function startBuiltService(name: string, env: Record<string, string>, options: { port?: number; timeoutMs?: number } = {}): Promise<BuiltService> {
  const port = options.port ?? (await freePort());
  const merged: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: 'info', SEED_DEMO: '0', ...env, PORT: String(port), HOST: '127.0.0.1' };
  const clean = Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
  const child = spawn(process.execPath, [projectPath('dist', 'src', 'main.js')], { env: clean, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  let fired = 0;
  const errors: string[] = [];
  let partial = '';
  const onData = (d: Buffer) => {
    const text = partial + d.toString();
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (out.length < 2_000_000) out += `${line}\n`;
      if (!line.startsWith('{')) continue;
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string; fired?: number };
        if (entry.msg === 'deadlines fired' && typeof entry.fired === 'number') fired += entry.fired;
        if ((entry.level ?? 0) >= 50) errors.push(line);
      } catch {
        /* not a log line */
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));

  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + (options.timeoutMs ?? 90_000);
  for (;;) {
    if (gone) throw new Error(`${name} exited during start:\n${out.slice(-3000)}`);
    if (Date.now() > until) {
      killGroup(child, 'SIGKILL');
      throw new Error(`${name} did not answer /health in time:\n${out.slice(-3000)}`);
    }
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name,
    url,
    port,
    child,
    output: () => out + partial,
    deadlinesFired: () => fired,
    errorLines: () => errors,
    async kill() {
      if (gone) return;
      killGroup(child, 'SIGKILL');
      await exited;
    },
    async stop() {
      if (gone) return exited;
      child.kill('SIGTERM');
      return exited;
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  // Puppeteer starts Chromium in a process group of its own: its processes are found by parentage, by id.
  const descendants = descendantsOf(child.pid!);
  try {
    process.kill(-child.pid!, signal);
  } catch {
    child.kill(signal); // the group is already gone
  }
  for (const pid of descendants) {
    try {
      process.kill(pid, signal);
    } catch {
      /* gone with the group */
    }
  }
}

/** The process ids below `root`, from /proc (Linux). */
function descendantsOf(root: number): number[] {
  const parentOf = new Map<number, number>();
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        /* exited meanwhile */
      }
    }
  } catch {
    return [];
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    for (const [child, parent] of parentOf) if (parent === pid) (found.push(child), queue.push(child));
  }
  return found;
}
