/**
 * Readiness for load balancers and orchestrators: an API process is ready when it can reach everything a
 * request may need (PostgreSQL, Redis, the Temporal frontend). /api/health stays the cheap liveness check
 * (the process answers and its database pool works); /api/ready says whether to send it traffic.
 */
import type { AppContext } from '../context';
import { redisPing } from './notificationService';

export type DependencyState = 'ok' | 'unavailable';
export interface Readiness {
  /** draining: the process got SIGTERM and finishes what is in flight; send it nothing new */
  status: 'ready' | 'unavailable' | 'draining';
  checks: { postgres: DependencyState; redis: DependencyState; temporal: DependencyState };
}

/** Each check gets this long: a hung dependency must not hang the probe (orchestrators time out at 1-5 s). */
const CHECK_TIMEOUT_MS = 2000;

async function check(what: string, ctx: AppContext, probe: () => Promise<unknown>): Promise<DependencyState> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([probe(), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS); })]);
    return 'ok';
  } catch (err) {
    // The reason goes to the log only: the probe is public and says no more than up or down.
    ctx.logger.warn({ err, dependency: what }, 'readiness check failed');
    return 'unavailable';
  } finally {
    clearTimeout(timer);
  }
}

export async function readiness(ctx: AppContext): Promise<Readiness> {
  const [postgres, redis, temporal] = await Promise.all([
    check('postgres', ctx, () => ctx.prisma.$queryRaw`SELECT 1`),
    check('redis', ctx, () => redisPing(ctx)),
    check('temporal', ctx, () => ctx.temporal.workflowService.getSystemInfo({})),
  ]);
  const checks = { postgres, redis, temporal };
  if (ctx.lifecycle?.draining) return { status: 'draining', checks };
  return { status: Object.values(checks).every((s) => s === 'ok') ? 'ready' : 'unavailable', checks };
}
