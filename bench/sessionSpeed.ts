/**
 * `node --import tsx bench/sessionSpeed.ts` (DATABASE_URL set): what every API request pays to resolve its
 * session cookie, and how many SQL statements that takes (counted by Prisma's query log).
 */
import { createHash, randomBytes } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../activities/infra/prisma';
import { resolveSession } from '../server/services/authService';
import type { AppContext } from '../server/context';

async function main() {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }), log: [{ emit: 'event', level: 'query' }] });
  let statements = 0;
  prisma.$on('query', () => { statements += 1; });
  const user = await prisma.user.findFirstOrThrow({ where: { orgUnit: { kind: 'GENERAL_OFFICE' } } });
  const token = randomBytes(24).toString('hex');
  const id = createHash('sha256').update(token).digest('hex');
  await prisma.session.create({ data: { id, userId: user.id, csrfToken: 'x', expiresAt: new Date(Date.now() + 3_600_000) } });
  const ctx = { prisma, config: { SESSION_IDLE_MINUTES: 30 } } as unknown as AppContext;
  try {
    for (let i = 0; i < 20; i += 1) await resolveSession(ctx, token);
    const n = Number(process.env.CALLS ?? 300);
    const times: number[] = [];
    statements = 0;
    for (let i = 0; i < n; i += 1) {
      const start = process.hrtime.bigint();
      await resolveSession(ctx, token);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    console.log(`resolveSession: p50 ${times[Math.floor(n / 2)].toFixed(2)} ms, p95 ${times[Math.floor(n * 0.95)].toFixed(2)} ms, ${(statements / n).toFixed(1)} statements/call (query log)`);
  } finally {
    await prisma.session.delete({ where: { id } });
    await prisma.$disconnect();
  }
}
void main();
