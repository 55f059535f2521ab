/** Small helpers shared by the benchmarks: percentiles, waiting, load averages, child processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

export async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 600_000, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Runs `fn` `n` times one after another and returns each duration in ms. */
export async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    ms.push(performance.now() - t);
  }
  return ms;
}

/** Runs `fn` over `items` with `size` of them in flight at once (a closed loop of `size` actors). */
export async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

export function rssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

export interface Proc {
  child: ChildProcess;
  startedAt: number;
  /** resolves with the time (performance.now()) the first line matching `readyLine` was printed */
  ready: Promise<number>;
  exited: Promise<number | null>;
}

/**
 * Starts a node process, its output appended to `logFile`; `ready` waits for a line to appear. A `.ts` entry
 * runs under tsx; a `.js` one (the build's dist/*.js, as production runs them) with plain node.
 */
export function startNode(entry: string, opts: { env: NodeJS.ProcessEnv; logFile: string; readyLine: RegExp; nodeArgs?: string[]; cwd: string }): Proc {
  const startedAt = performance.now();
  const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...loader, entry], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  let buffered = '';
  const ready = new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      log.write(chunk);
      buffered += chunk.toString('utf8');
      if (opts.readyLine.test(buffered)) {
        resolve(performance.now());
        buffered = '';
      } else if (buffered.length > 100_000) buffered = buffered.slice(-10_000);
    });
    child.stderr!.on('data', (chunk: Buffer) => log.write(chunk));
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}) before it was ready; see ${opts.logFile}`)));
  });
  ready.catch(() => undefined);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { log.end(); resolve(code); }));
  return { child, startedAt, ready, exited };
}

/** Stops a process politely (SIGINT, so a --cpu-prof profile is written), then hard after `graceMs`. */
export async function stopProc(p: Proc, graceMs = 30_000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGINT');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  await p.exited;
  clearTimeout(timer);
}

export const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

/** CPU time (user + system) a process has used so far, in ms; NaN when it is gone. */
export function cpuMs(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** node's options for GovFlow's worker: those of `npm run start:worker` (package.json), as production starts it. */
export function workerNodeOptions(root: string): string[] {
  const script = (JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts['start:worker'];
  return script.split(' ').filter((a) => a.startsWith('--'));
}
