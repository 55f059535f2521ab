/**
 * A small Prometheus registry for the API: counters, histograms and gauges collected at scrape time, written
 * in the text exposition format 0.0.4. It stands in for prom-client, which is not among the project's
 * packages yet; the names, labels and buckets follow prom-client's conventions, so swapping it in later
 * changes this file only. The worker needs none of this: the Temporal SDK's own Prometheus exporter serves
 * its metrics (worker/main.ts, WORKER_METRICS_ADDRESS).
 */

export type Labels = Record<string, string>;

/** Label values may hold anything a route or a flow key holds: escaped as the format requires. */
const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const fmt = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN');

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (extra) pairs.push(extra);
  return pairs.length ? `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
}
const keyOf = (labels: Labels) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

interface Metric {
  name: string;
  /** The lines of this metric (HELP, TYPE, samples), read at scrape time. */
  render(): Promise<string[]>;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export class Counter implements Metric {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly name: string, readonly help: string) {
    if (!NAME.test(name)) throw new Error(`invalid metric name ${name}`);
  }
  inc(labels: Labels = {}, by = 1): void {
    const k = keyOf(labels);
    const cur = this.values.get(k);
    if (cur) cur.value += by;
    else this.values.set(k, { labels, value: by });
  }
  get(labels: Labels = {}): number {
    return this.values.get(keyOf(labels))?.value ?? 0;
  }
  async render(): Promise<string[]> {
    return [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} counter`,
      ...[...this.values.values()].map(({ labels, value }) => `${this.name}${labelText(labels)} ${fmt(value)}`)];
  }
}

/** Prometheus' default buckets, in seconds. */
export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Histogram implements Metric {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(readonly name: string, readonly help: string, readonly buckets: number[] = DEFAULT_BUCKETS) {
    if (!NAME.test(name)) throw new Error(`invalid metric name ${name}`);
  }
  observe(labels: Labels, value: number): void {
    const k = keyOf(labels);
    let s = this.series.get(k);
    if (!s) this.series.set(k, (s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    // Cumulative buckets: each `le` counts every observation at or below it.
    this.buckets.forEach((b, i) => { if (value <= b) s.counts[i] += 1; });
    s.sum += value;
    s.count += 1;
  }
  async render(): Promise<string[]> {
    const lines = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      this.buckets.forEach((b, i) => lines.push(`${this.name}_bucket${labelText(s.labels, ['le', fmt(b)])} ${s.counts[i]}`));
      lines.push(`${this.name}_bucket${labelText(s.labels, ['le', '+Inf'])} ${s.count}`);
      lines.push(`${this.name}_sum${labelText(s.labels)} ${fmt(s.sum)}`, `${this.name}_count${labelText(s.labels)} ${s.count}`);
    }
    return lines;
  }
}

/** A gauge whose samples are read when Prometheus scrapes (a count in the database, the heap size). */
export class CollectedGauge implements Metric {
  constructor(readonly name: string, readonly help: string, private readonly collect: () => Promise<Array<{ labels: Labels; value: number }>>) {
    if (!NAME.test(name)) throw new Error(`invalid metric name ${name}`);
  }
  async render(): Promise<string[]> {
    const samples = await this.collect();
    return [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} gauge`,
      ...samples.map(({ labels, value }) => `${this.name}${labelText(labels)} ${fmt(value)}`)];
  }
}

export class Registry {
  private readonly metrics: Metric[] = [];
  register<M extends Metric>(metric: M): M {
    if (this.metrics.some((m) => m.name === metric.name)) throw new Error(`metric ${metric.name} registered twice`);
    this.metrics.push(metric);
    return metric;
  }
  /** The names of the registered metrics (a gauge whose query fails is still registered). */
  names(): string[] {
    return this.metrics.map((m) => m.name);
  }
  readonly contentType = 'text/plain; version=0.0.4; charset=utf-8';
  /** The whole exposition; a metric whose collection fails is left out and reported to onError. */
  async metricsText(onError?: (name: string, err: unknown) => void): Promise<string> {
    const parts = await Promise.all(this.metrics.map(async (m) => {
      try {
        return await m.render();
      } catch (err) {
        onError?.(m.name, err);
        return [];
      }
    }));
    return `${parts.flat().join('\n')}\n`;
  }
}
