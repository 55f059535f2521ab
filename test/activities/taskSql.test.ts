/**
 * The projection's plain-SQL transactions (activities/tasks/taskSql.ts) hold a pooled connection across
 * several statements. PostgreSQL may end that connection between two of them (a restart, an administrator's
 * pg_terminate_backend): the transaction must fail like any failed statement, and the worker must go on.
 * Seen in the chaos suite (issue 13's PostgreSQL restart, 2026-11-30): an 'error' event on a checked-out
 * connection with no listener ended the worker process.
 */
import { createPrisma, poolOf, type PrismaClient } from '../../activities/infra/prisma';
import { inTransaction } from '../../activities/tasks/taskSql';
import { applyTestEnv } from '../support/env';

let prisma: PrismaClient;

beforeAll(() => {
  applyTestEnv();
  prisma = createPrisma(process.env.DATABASE_URL!, 2);
});
afterAll(async () => {
  const pool = poolOf(prisma);
  await prisma.$disconnect();
  if (!pool.ended) await pool.end();
});

describe('a transaction whose connection PostgreSQL ends between two statements', () => {
  it('fails with the connection error, and the pool serves the next query on a new connection', async () => {
    const pool = poolOf(prisma);
    const other = await pool.connect();
    try {
      const attempt = inTransaction(pool, async (db) => {
        const { rows } = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        // Ended from another connection while this one runs no statement: PostgreSQL closes it at once.
        await other.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
        await new Promise((resolve) => setTimeout(resolve, 500));
        await db.query('SELECT 1');
      });

      await expect(attempt).rejects.toThrow(/terminat|Connection|closed/i);
    } finally {
      other.release();
    }
    const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
    expect(rows[0].one).toBe(1);
  });
});
