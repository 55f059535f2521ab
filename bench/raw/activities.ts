import type { Pool } from 'pg';

/** The table the raw baseline writes to (created by the benchmark before it starts). */
export const RAW_TABLE_SQL = `CREATE TABLE IF NOT EXISTS bench_raw_row (
  key text NOT NULL, kind text NOT NULL, n int NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (key, kind, n))`;

/** `writes` single-row inserts in one transaction with plain `pg`; keyed, so a retried attempt writes nothing twice. */
export function createRawActivities(pool: Pool) {
  async function rawWrite(input: { key: string; kind: string; writes: number }): Promise<void> {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      for (let n = 0; n < input.writes; n++) {
        await c.query('INSERT INTO bench_raw_row (key, kind, n) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [input.key, input.kind, n]);
      }
      await c.query('COMMIT');
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  }
  return { rawWrite };
}
export type RawActivities = ReturnType<typeof createRawActivities>;
