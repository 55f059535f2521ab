import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from '../../prisma/generated/client';

export { PrismaClient };
export type { Prisma } from '../../prisma/generated/client';

const POOL = Symbol('govflow.pgPool');

/** Prisma through the pg driver adapter: no Rust query engine, which could not be downloaded here. */
export function createPrisma(databaseUrl: string, poolSize = 10): PrismaClient {
  // The pool is ours (not the adapter's) so the hot paths can send plain SQL through the same connections.
  const pool = new Pool({ connectionString: databaseUrl, max: poolSize });
  // An idle connection PostgreSQL closes (a restart) is an 'error' event on the pool: without a listener it
  // would crash the process before Prisma's adapter attaches its own. The pool drops the connection and
  // the next query opens a new one.
  pool.on('error', () => undefined);
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  // Under a burst (a campaign launch opens hundreds of steps) a transaction may wait for a connection
  // longer than Prisma's 2 s default: waiting is better than failing and retrying.
  const prisma = new PrismaClient({ adapter, transactionOptions: { maxWait: 15_000, timeout: 30_000 } });
  Object.defineProperty(prisma, POOL, { value: pool });
  return prisma;
}

/** The pg pool under a client made by createPrisma (or an extension of one): the same connections and size. */
export function poolOf(prisma: PrismaClient): Pool {
  const pool = (prisma as unknown as Record<symbol, Pool | undefined>)[POOL];
  if (!pool) throw new Error('this Prisma client was not made by createPrisma: it has no pg pool');
  return pool;
}
