import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../activities/infra/config';

const valid = {
  DATABASE_URL: 'postgresql://govflow:govflow@127.0.0.1:55432/govflow',
  REDIS_URL: 'redis://127.0.0.1:56379',
  TEMPORAL_ADDRESS: '127.0.0.1:57233',
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env as NodeJS.ProcessEnv);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('configuration from the environment', () => {
  it('accepts a complete environment and fills the defaults', () => {
    const cfg = loadConfig(valid as NodeJS.ProcessEnv);
    expect(cfg).toMatchObject({ TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: 'govflow', PORT: 8080, TEMPORAL_TLS: false });
  });

  it('names a missing variable', () => {
    expect(problemsOf({ ...valid, DATABASE_URL: undefined })).toEqual([expect.stringMatching(/^DATABASE_URL is required/)]);
  });

  it('names every malformed variable at once', () => {
    const problems = problemsOf({ ...valid, TEMPORAL_ADDRESS: 'temporal', REDIS_URL: 'http://x', PORT: 'eighty' });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(['PORT', 'REDIS_URL', 'TEMPORAL_ADDRESS']);
  });

  it('reads the closure\'s notice period and 回头看 delays as durations: 30 and 90 calendar days unless set', () => {
    expect(loadConfig(valid as NodeJS.ProcessEnv)).toMatchObject({ CLOSURE_NOTICE_PERIOD: 30 * 86_400_000, CLOSURE_FOLLOW_UP_AFTER: [30 * 86_400_000, 90 * 86_400_000], CLOSURE_DNS_CHECK: true });
    expect(loadConfig({ ...valid, CLOSURE_NOTICE_PERIOD: '5s', CLOSURE_FOLLOW_UP_AFTER: '1s,2m' } as NodeJS.ProcessEnv)).toMatchObject({ CLOSURE_NOTICE_PERIOD: 5000, CLOSURE_FOLLOW_UP_AFTER: [1000, 120_000] });
    const problems = problemsOf({ ...valid, CLOSURE_NOTICE_PERIOD: '30 days', CLOSURE_FOLLOW_UP_AFTER: '30d' });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(['CLOSURE_FOLLOW_UP_AFTER', 'CLOSURE_NOTICE_PERIOD']);
  });

  it('refuses half an mTLS client certificate', () => {
    expect(problemsOf({ ...valid, TEMPORAL_TLS_CERT_PATH: '/etc/govflow/client.pem' })[0]).toMatch(/TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH/);
  });

  it('stops the API process with exit code 78 and a message naming the variable', () => {
    const root = path.resolve(__dirname, '../..');
    const env = { PATH: process.env.PATH, ...valid, DATABASE_URL: 'mysql://nope' };
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain('DATABASE_URL must start with postgresql://');
    expect(run.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });
});

describe('notification settings', () => {
  it('default to no e-mail, six attempts two seconds apart and a relay every five seconds', () => {
    const cfg = loadConfig(valid as NodeJS.ProcessEnv);
    expect(cfg.SMTP_URL).toBeUndefined();
    expect(cfg).toMatchObject({
      NOTIFY_QUEUE: 'govflow-notifications', NOTIFY_MAX_ATTEMPTS: 6, NOTIFY_BACKOFF_MS: 2000,
      NOTIFY_RELAY_INTERVAL_MS: 5000, NOTIFY_RELAY_STALE_MS: 120_000,
    });
  });

  it('treat an empty SMTP_URL as unset and accept smtp:// and smtps://', () => {
    expect(loadConfig({ ...valid, SMTP_URL: '' } as NodeJS.ProcessEnv).SMTP_URL).toBeUndefined();
    expect(loadConfig({ ...valid, SMTP_URL: 'smtps://u:p@mail.example.gov.cn:465' } as NodeJS.ProcessEnv).SMTP_URL).toBe('smtps://u:p@mail.example.gov.cn:465');
  });

  it('name a mail server URL that is not SMTP, a queue name BullMQ refuses and a zero attempt count', () => {
    const problems = problemsOf({ ...valid, SMTP_URL: 'https://mail.example.org', NOTIFY_QUEUE: 'gov:flow', NOTIFY_MAX_ATTEMPTS: '0' });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(['NOTIFY_MAX_ATTEMPTS', 'NOTIFY_QUEUE', 'SMTP_URL']);
  });
});
