/**
 * scripts/services.sh: safe to run twice, clear about what is up or down, and a service that cannot start
 * fails with its log tail instead of hanging. Runs against throw-away folders and unused ports.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'govflow-services-'));
const env = {
  ...process.env,
  GOVFLOW_DATA_DIR: path.join(scratch, 'data'), GOVFLOW_LOG_DIR: path.join(scratch, 'logs'), GOVFLOW_RUN_DIR: path.join(scratch, 'run'),
  GOVFLOW_PG_PORT: '45432', GOVFLOW_REDIS_PORT: '46379', GOVFLOW_TEMPORAL_PORT: '47233', GOVFLOW_TEMPORAL_UI_PORT: '48233',
  GOVFLOW_TEMPORAL_TEST_PORT: '47234', GOVFLOW_API_PORT: '48080',
};
const services = (args: string[], extra: Record<string, string> = {}) =>
  spawnSync('bash', [path.join(root, 'scripts/services.sh'), ...args], { env: { ...env, ...extra }, encoding: 'utf8', timeout: 60_000 });

describe('scripts/services.sh', () => {
  it('reports every service down, with its port and log, and exits non-zero when nothing runs', () => {
    const run = services(['status']);
    expect(run.status).toBe(1);
    for (const name of ['postgres', 'redis', 'temporal', 'worker', 'api']) expect(run.stderr).toMatch(new RegExp(`${name}\\s+down`));
    expect(run.stderr).toContain(path.join(scratch, 'logs'));
  });

  it('stops twice without complaint', () => {
    expect(services(['stop']).status).toBe(0);
    expect(services(['stop']).status).toBe(0);
  });

  it('fails with the log tail, not a hang, when a service cannot start (Redis on a port already taken)', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = String((blocker.address() as AddressInfo).port);
    try {
      const run = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn('bash', [path.join(root, 'scripts/services.sh'), 'start', 'redis'], { env: { ...env, GOVFLOW_REDIS_PORT: taken } });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (status) => resolve({ status, stderr }));
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('redis did not become ready');
      expect(run.stderr).toMatch(/Address already in use/);
    } finally {
      blocker.close();
    }
  }, 60_000);

  it('refuses an unknown action with its usage', () => {
    const run = services(['restart-everything']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('usage: scripts/services.sh start|stop|restart|status');
  });
});
