import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../prisma/generated/client';

export { PrismaClient };
export type { Prisma } from '../../prisma/generated/client';

/** Prisma through the pg driver adapter: no Rust query engine, which could not be downloaded here. */
export function createPrisma(databaseUrl: string, poolSize = 10): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: poolSize });
  return new PrismaClient({ adapter });
}
