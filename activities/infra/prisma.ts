import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../prisma/generated/client';

export { PrismaClient };
export type { Prisma } from '../../prisma/generated/client';

/** Prisma through the pg driver adapter: no Rust query engine, which could not be downloaded here. */
export function createPrisma(databaseUrl: string, poolSize = 10): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: poolSize });
  // Under a burst (a campaign launch opens hundreds of steps) a transaction may wait for a connection
  // longer than Prisma's 2 s default: waiting is better than failing and retrying.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 15_000, timeout: 30_000 } });
}
