import { z } from 'zod';

/**
 * All of GovFlow's settings, read once from the environment and checked at start-up. A missing or
 * malformed value stops the process with a message naming the variable, never a half-working service.
 * Every Temporal address, namespace and TLS setting is here so that GovFlow can join an existing cluster.
 */
const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DATABASE_URL: z
    .string({ required_error: 'is required (postgresql://user:password@host:port/database)' })
    .url('must be a URL like postgresql://user:password@host:port/database')
    .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must start with postgresql://'),
  REDIS_URL: z
    .string({ required_error: 'is required (redis://host:port)' })
    .url('must be a URL like redis://host:port')
    .refine((v) => /^rediss?:\/\//.test(v), 'must start with redis:// or rediss://'),
  TEMPORAL_ADDRESS: z
    .string({ required_error: 'is required (host:port of the Temporal frontend)' })
    .regex(/^[\w.-]+:\d{1,5}$/, 'must be host:port, for example 127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('govflow'),
  TEMPORAL_TLS: bool.default('false'),
  TEMPORAL_TLS_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().optional(),
  TEMPORAL_TLS_CA_PATH: z.string().optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_UI_URL: z.string().url('must be the Temporal Web UI base URL').optional(),
  ADMIN_DIST_DIR: z.string().optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`GovFlow cannot start, its configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`));
  }
  const cfg = parsed.data;
  const tlsFiles = [cfg.TEMPORAL_TLS_CERT_PATH, cfg.TEMPORAL_TLS_KEY_PATH].filter(Boolean).length;
  if (tlsFiles === 1) {
    throw new ConfigError(['TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH must be set together (mTLS client certificate)']);
  }
  return cfg;
}

/** Runs `main` and turns a configuration problem into one clear message and exit code 78 (EX_CONFIG). */
export function exitOnConfigError(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(78);
  }
  throw err;
}
