/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`): the functions with the most self time, as a markdown
 * table. Run: npx tsx bench/cpuProfileTop.ts FILE.cpuprofile [N]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** Where a function lives, shortened: the package for dependencies, the project path for our own code. */
function where(url: string, line: number): string {
  if (!url) return '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const own = /\/(activities|server|workflows|worker|domain|bench|prisma)\/(.+)$/.exec(url);
  if (own) return `${own[1]}/${own[2]}:${line + 1}`;
  return url.replace(/^node:/, 'node:').replace(/^file:\/\//, '').split('/').slice(-2).join('/');
}

/**
 * `window`: only the samples between these seconds after the profile's start (the benchmark passes the
 * step phase, leaving out the process's start-up and shutdown).
 */
export function summarizeProfile(file: string, top = 15, window?: { from: number; to: number }, originUs?: number): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  // A thread's profile starts when the thread does: shift the window to the main thread's clock.
  if (window && originUs !== undefined) {
    const shift = (profile.startTime - originUs) / 1e6;
    window = { from: window.from - shift, to: window.to - shift };
  }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = 0;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (window && (at < window.from * 1e6 || at > window.to * 1e6)) return;
    total += dt;
    self.set(id, (self.get(id) ?? 0) + dt);
  });
  const agg = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const key = `${n.callFrame.functionName || '(anonymous)'} — ${where(n.callFrame.url, n.callFrame.lineNumber)}`;
    agg.set(key, (agg.get(key) ?? 0) + us);
    const pkg = n.callFrame.functionName === '(idle)' ? '(idle)' : n.callFrame.functionName === '(garbage collector)' ? '(gc)' : where(n.callFrame.url, 0).split(':')[0].split('/')[0];
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  }
  const busy = total - (agg.get('(idle) — (native)') ?? 0);
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1)} %`;
  const lines = [
    `${window ? `seconds ${window.from.toFixed(0)}–${window.to.toFixed(0)} of the profile` : `profile ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s`}: ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (${((100 * busy) / Math.max(1, total)).toFixed(0)} %; percentages below are of busy time)`,
    '',
    '| self time | function — where |',
    '|---|---|',
    ...[...agg].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => `| ${pct(us)} | ${k} |`),
    '',
    `by package: ${[...byPackage].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, us]) => `${k} ${pct(us)}`).join(', ')}`,
  ];
  return lines.join('\n');
}

export const profileStart = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as Profile).startTime;

if (require.main === module) {
  const [file, n, from, to] = process.argv.slice(2);
  if (!file) {
    console.error('usage: tsx bench/cpuProfileTop.ts FILE.cpuprofile [N] [FROM_S TO_S]');
    process.exit(2);
  }
  console.log(summarizeProfile(file, Number(n ?? 20), from ? { from: Number(from), to: Number(to) } : undefined));
}
