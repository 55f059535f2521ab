/**
 * docker-compose.yml against the production profile and the configuration: no container engine runs on the
 * development machines, so this is the static check a `docker compose config` would start with: the shape
 * (services, references, ports), the server versions scripts/prod.sh builds, and every GovFlow variable the
 * file sets being one activities/infra/config.ts accepts, with a value it accepts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CONFIG_KEYS, loadConfig } from '../../activities/infra/config';

const root = path.resolve(__dirname, '../..');
// js-yaml comes with eslint (no types are installed): the one function used here, typed by hand.
const { load } = createRequire(__filename)('js-yaml') as { load: (text: string) => unknown };
interface Service {
  image?: string; build?: string; command?: string[]; ports?: string[]; environment?: Record<string, string | number>;
  depends_on?: string[] | Record<string, { condition: string }>;
}
const compose = load(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
const services = compose.services;
const govflow = Object.entries(services).filter(([, s]) => s.build !== undefined);
const prodScript = readFileSync(path.join(root, 'scripts/prod.sh'), 'utf8');
const versionIn = (name: string) => new RegExp(`^${name}="v([\\d.]+)"`, 'm').exec(prodScript)?.[1];

describe('docker-compose.yml', () => {
  it('runs the production profile: PostgreSQL, Redis, Temporal, its Web UI, two APIs and two workers from the build', () => {
    expect(Object.keys(services).sort()).toEqual(['api-1', 'api-2', 'govflow-setup', 'postgres', 'redis', 'temporal', 'temporal-ui', 'worker-1', 'worker-2']);
    for (const name of ['api-1', 'api-2']) expect(services[name].command).toEqual(['node', '--enable-source-maps', 'dist/server.js']);
    // The worker's node options (its heap cap, README "Configuration") are those of `npm run start:worker`.
    const startWorker = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts['start:worker'].split(' ');
    expect(startWorker).toContain('--max-old-space-size=128');
    for (const name of ['worker-1', 'worker-2']) expect(services[name].command).toEqual(startWorker);
  });

  it('gives each service an image or a build, depends only on services it defines, and publishes host:container ports', () => {
    for (const [name, s] of Object.entries(services)) {
      expect({ name, one: (s.image === undefined) !== (s.build === undefined) }).toEqual({ name, one: true });
      const deps = Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {});
      for (const d of deps) expect({ name, dependsOn: d, defined: d in services }).toEqual({ name, dependsOn: d, defined: true });
      for (const p of s.ports ?? []) expect(p).toMatch(/^\d{2,5}:\d{2,5}$/);
    }
    const hostPorts = Object.values(services).flatMap((s) => (s.ports ?? []).map((p) => p.split(':')[0]));
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('runs the Temporal server and Web UI versions scripts/prod.sh builds', () => {
    expect(services.temporal.image).toBe(`temporalio/auto-setup:${versionIn('TEMPORAL_SERVER_VERSION')}`);
    expect(services['temporal-ui'].image).toBe(`temporalio/ui:${versionIn('TEMPORAL_UI_VERSION')}`);
  });

  it('sets only variables GovFlow\'s configuration accepts, with values it accepts', () => {
    for (const [name, s] of govflow) {
      const env = Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, String(v)]));
      expect({ name, unknown: Object.keys(env).filter((k) => !CONFIG_KEYS.includes(k)) }).toEqual({ name, unknown: [] });
      expect(() => loadConfig(env)).not.toThrow();
    }
  });

  it('publishes each API on the port it listens on and each worker\'s metrics port', () => {
    for (const name of ['api-1', 'api-2']) expect(services[name].ports![0].split(':')[1]).toBe(String(services[name].environment!.PORT));
    for (const name of ['worker-1', 'worker-2']) expect(services[name].ports![0].split(':')[1]).toBe(String(services[name].environment!.WORKER_METRICS_ADDRESS).split(':')[1]);
  });
});
