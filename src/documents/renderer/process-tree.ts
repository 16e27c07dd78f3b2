// Resident memory of a process and all its descendants, from /proc (Linux). Chromium is a tree:
// browser → zygotes → renderers, plus GPU/network/storage utilities.
//
// Two measures:
//  - 'private' (default, cheap: one read of /proc/<pid>/status per process, ~1 ms for a browser):
//    Σ (RssAnon + RssShmem), the memory the processes allocated themselves: heaps, decoded fonts and
//    images, shared-memory buffers. Mapped files (the 170 MB binary, fonts) are left out: they are
//    shared, and the kernel can drop them. This is what grows when a browser leaks.
//  - 'pss' (accurate, ~35 ms for a browser: the kernel walks every mapping): Σ Pss, each shared page
//    divided among its sharers. A plain Σ RSS counts the shared binary once per process: a browser
//    with two pages "uses" 1.1 GB that way, 330 MB by PSS, 290 MB private.
import { readdirSync, readFileSync } from 'node:fs';

export type MemoryMeasure = 'private' | 'pss';

const PAGE_KB = 4; // x86-64 and arm64 Linux; statm counts pages

/** The pids of `root`'s tree, root included (via /proc/<pid>/task/<tid>/children, else a scan of /proc). */
export function processTree(root: number): number[] {
  try {
    const out: number[] = [];
    const stack = [root];
    while (stack.length) {
      const pid = stack.pop()!;
      out.push(pid);
      let tasks: string[];
      try {
        tasks = readdirSync(`/proc/${pid}/task`);
      } catch {
        continue; // ended meanwhile
      }
      for (const task of tasks) {
        try {
          const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'latin1').trim();
          if (children) stack.push(...children.split(' ').map(Number));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT' && task === String(pid) && pid === root) throw error; // no CONFIG_PROC_CHILDREN
        }
      }
    }
    return out;
  } catch {
    return scanTree(root);
  }
}

/** Slow path (~50 ms with 100 processes): parent of every process from /proc/<pid>/stat. */
function scanTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      // pid (comm) state ppid …: comm may contain spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid);
      if (list) list.push(pid);
      else children.set(ppid, [pid]);
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

function memoryKb(pid: number, measure: MemoryMeasure): number {
  try {
    if (measure === 'pss') {
      const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1'));
      if (pss) return Number(pss[1]);
    } else {
      const status = readFileSync(`/proc/${pid}/status`, 'latin1');
      const anon = /^RssAnon:\s+(\d+) kB/m.exec(status);
      const shmem = /^RssShmem:\s+(\d+) kB/m.exec(status);
      if (anon) return Number(anon[1]) + Number(shmem?.[1] ?? 0);
    }
  } catch {
    // not readable (old kernel, process gone): plain RSS below
  }
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'latin1').split(' ')[1]) * PAGE_KB;
  } catch {
    return 0;
  }
}

const mb = (kb: number) => Math.round(kb / 102.4) / 10;

/** Memory of `root` and its descendants, MB; null off Linux or when the process is gone. */
export function treeRssMb(root: number | undefined | null, measure: MemoryMeasure = 'private'): number | null {
  if (!root || process.platform !== 'linux') return null;
  try {
    const kb = processTree(root).reduce((sum, pid) => sum + memoryKb(pid, measure), 0);
    return kb ? mb(kb) : null;
  } catch {
    return null;
  }
}

/** Memory of the descendants of `pid` (default: this process), i.e. every browser it started, MB. */
export function descendantsRssMb(pid = process.pid, measure: MemoryMeasure = 'pss'): number {
  if (process.platform !== 'linux') return 0;
  return mb(
    processTree(pid)
      .filter((p) => p !== pid)
      .reduce((sum, p) => sum + memoryKb(p, measure), 0),
  );
}
