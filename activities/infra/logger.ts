import pino from 'pino';

/** Structured JSON logs; callers add `requestId` / `workflowId` with child loggers. */
export function createLogger(level: string, name: string) {
  return pino({ level, name, base: { service: name }, redact: ['password', '*.password', 'passwordHash', '*.passwordHash'] });
}
export type Logger = ReturnType<typeof createLogger>;
