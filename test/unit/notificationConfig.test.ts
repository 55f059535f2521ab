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
