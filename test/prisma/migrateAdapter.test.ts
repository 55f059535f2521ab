/**
 * The Prisma CLI runs offline through prisma.config.ts: the WASM schema engine reads PostgreSQL's catalog
 * through @prisma/adapter-pg, which has no column type for the catalog types "char" and name. The engine
 * reads pg_constraint.contype ("char") as a character and panics on anything else (`RuntimeError:
 * unreachable`), which broke `scripts/db.sh new` once a migration added a CHECK constraint.
 */
import { ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import config from '../../prisma.config';
import { applyTestEnv } from '../support/env';

/** What the CLI gets from the config: every call answers a result ({ ok, value } or { ok: false, error }). */
type Result<T> = { ok: true; value: T } | { ok: false; error: unknown };
type RawResult = { columnNames: string[]; columnTypes: number[]; rows: unknown[][] };
type CliAdapter = {
  queryRaw(query: { sql: string; args: unknown[]; argTypes: unknown[] }): Promise<Result<RawResult>>;
  dispose(): Promise<Result<void>>;
};
const cliConfig = config as unknown as { adapter(): Promise<{ connect(): Promise<Result<CliAdapter>> }> };

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`adapter call failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

describe("the Prisma CLI's offline adapter (prisma.config.ts)", () => {
  let adapter: CliAdapter;
  const query = async (sql: string) => unwrap(await adapter.queryRaw({ sql, args: [], argTypes: [] }));

  beforeAll(async () => {
    applyTestEnv();
    const factory = await cliConfig.adapter();
    adapter = unwrap(await factory.connect());
  });

  afterAll(async () => {
    await adapter.dispose();
  });

  test('when the schema engine reads a "char" catalog column it gets a character, and name columns come as text', async () => {
    const result = await query(`SELECT 'c'::"char" AS contype, 'OrgUnit'::name AS relname, ARRAY['a', 'b']::name[] AS names, ARRAY['x']::"char"[] AS kinds`);

    expect(result.columnTypes).toEqual([ColumnTypeEnum.Character, ColumnTypeEnum.Text, ColumnTypeEnum.TextArray, ColumnTypeEnum.CharacterArray]);
    expect(result.rows).toEqual([['c', 'OrgUnit', ['a', 'b'], ['x']]]);
  });

  test('when a CHECK constraint exists, the query the schema engine describes it with answers its type as a character', async () => {
    // the schema engine's own query (sql-schema-describer's constraints query), reduced to what it reads
    const result = await query(`SELECT tableinfo.relname AS table_name, constr.conname AS constraint_name, constr.contype AS constraint_type
      FROM pg_constraint constr JOIN pg_class AS tableinfo ON tableinfo.oid = constr.conrelid
      WHERE constr.conname = 'Attachment_owner_check'`);

    expect(result.columnTypes).toEqual([ColumnTypeEnum.Text, ColumnTypeEnum.Text, ColumnTypeEnum.Character]);
    expect(result.rows).toEqual([['Attachment', 'Attachment_owner_check', 'c']]);
  });
});
