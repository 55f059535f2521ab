/**
 * The built dist/server.js and dist/worker.js (`npm run build`) as child processes of a test, on the test
 * suite's PostgreSQL, Redis and Temporal, each on a task queue of its own: what production runs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { workerNodeOptions } from '../../bench/lib/util';
import { eventually } from './stack';

const root = path.resolve(__dirname, '../..');

function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = path.join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p) : e.name.endsWith('.ts') ? statSync(p).mtimeMs : 0);
  }, 0);
}

/** The build under test: made now when missing or older than a source (CI builds it just before). */
export function ensureBuild(): void {
  const built = ['server.js', 'worker.js', 'workflow-bundle.js'].map((f) => path.join(root, 'dist', f));
  const fresh = built.every(existsSync)
    && Math.min(...built.map((f) => statSync(f).mtimeMs)) > Math.max(...['server', 'worker', 'activities', 'domain', 'workflows'].map((d) => newest(path.join(root, d))));
  if (fresh) return;
  const r = spawnSync('node', ['--import', 'tsx', 'scripts/build.ts'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

export interface BuiltProc { child: ChildProcess; output: string; port: number; exited: Promise<number | null> }

/** Starts dist/<entry>.js on `queue`: the API listens on `port`, a worker exports its metrics there. */
export function startBuilt(entry: 'server' | 'worker', port: number, queue: string, env: Record<string, string> = {}): BuiltProc {
  const all = {
    ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', TEMPORAL_TASK_QUEUE: queue, NOTIFY_QUEUE: queue,
    RECONCILE_INTERVAL_MS: '0', WORKER_STICKY_TIMEOUT: '1s', ADMIN_DIST_DIR: '/nonexistent',
    ...(entry === 'server' ? { PORT: String(port) } : { WORKER_METRICS_ADDRESS: `127.0.0.1:${port}` }),
    ...env,
  };
  // The worker with production's node options (its heap cap, `npm run start:worker`).
  const nodeArgs = entry === 'worker' ? workerNodeOptions(root) : [];
  const child = spawn('node', [...nodeArgs, path.join(root, 'dist', `${entry}.js`)], { cwd: root, env: all, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const p: BuiltProc = { child, output: '', port, exited };
  child.stdout!.on('data', (d) => (p.output += d));
  child.stderr!.on('data', (d) => (p.output += d));
  return p;
}

/** Waits for a log line with this message (pino's "msg"). */
export const logged = (p: BuiltProc, msg: string, timeoutMs = 60_000) =>
  eventually(async () => (p.output.includes(`"msg":"${msg}"`) ? true : undefined), timeoutMs, `${msg} (${p.output.slice(-500)})`);
