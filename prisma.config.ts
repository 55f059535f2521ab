// Prisma CLI configuration that works offline. Prisma's CLI normally downloads a Rust schema engine from
// its own site, which these machines cannot reach; with `engine: 'js'` it uses the WASM schema engine
// through a driver adapter instead. Three fixes make Migrate work on PostgreSQL with it:
//  1. prisma/orm#27403: @prisma/adapter-pg 6.x has no column type for the catalog types "char" (18) and
//     name (19) that the schema engine reads, and refuses the whole result. The pool below hands name (and
//     name[], parsed) over as text, and marks the "char" columns, which withCatalogTypes types as Character:
//     the engine reads pg_constraint.contype with `get_expect_char`, which panics on a text value (a WASM
//     panic surfaces as `RuntimeError: unreachable`). So `migrate diff --from-migrations` crashed as soon as
//     a migration added a CHECK constraint (20261129201953_unified_attachments), when "char" went as text.
//  2. the adapter runs a migration script by splitting it on every ";", which breaks any function body
//     (our append-only audit trigger); withWholeScripts sends the script as one simple query instead,
//     which PostgreSQL also runs as one implicit transaction.
//  3. the stock adapter builds the shadow database pool from the main URL, so `migrate dev` would replay
//     migrations into the main database; connectToShadowDb below creates and drops a real shadow database.
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import { ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import pg from 'pg';

const PG_TEXT = 25;
const PG_TEXT_ARRAY = 1009;
const PG_CHAR = 18; // PostgreSQL's one-byte "char" (pg_constraint.contype, confdeltype, ...)
const PG_CHAR_ARRAY = 1002;
const PG_NAME = 19;
const PG_NAME_ARRAY = 1003;
// name and name[] become text and text[]; "char"[] the adapter types itself (CharacterArray).
const NAME_TO_TEXT: Record<number, number> = { [PG_NAME]: PG_TEXT, [PG_NAME_ARRAY]: PG_TEXT_ARRAY };
// pg parses no array of these catalog types: their values arrive as '{a,b}', which the engine cannot read.
const ARRAYS_TO_PARSE = new Set([PG_NAME_ARRAY, PG_CHAR_ARRAY]);
const getTypeParser = pg.types.getTypeParser as (oid: number, format: 'text') => (value: string) => unknown;
const parseTextArray = getTypeParser(PG_TEXT_ARRAY, 'text');

// The indexes of a result's "char" columns, carried on its rows array from the pool to withCatalogTypes
// (the adapter returns that very array).
const CHAR_COLUMNS = Symbol('govflow.charColumns');
type TaggedRows = unknown[] & { [CHAR_COLUMNS]?: number[] };
type Field = { name: string; dataTypeID: number };

function catalogSafe(res: { fields?: Field[]; rows?: any[] }): void {
  const charColumns: number[] = [];
  (res.fields ?? []).forEach((field, index) => {
    if (ARRAYS_TO_PARSE.has(field.dataTypeID)) {
      for (const row of res.rows ?? []) {
        const key = Array.isArray(row) ? index : field.name;
        if (typeof row[key] === 'string') row[key] = parseTextArray(row[key]);
      }
    }
    if (field.dataTypeID === PG_CHAR) {
      field.dataTypeID = PG_TEXT; // passes the adapter's check; withCatalogTypes restores Character
      charColumns.push(index);
    } else if (NAME_TO_TEXT[field.dataTypeID]) {
      field.dataTypeID = NAME_TO_TEXT[field.dataTypeID];
    }
  });
  if (charColumns.length > 0 && Array.isArray(res.rows)) {
    Object.defineProperty(res.rows, CHAR_COLUMNS, { value: charColumns, enumerable: false });
  }
}

class CatalogSafePool extends pg.Pool {
  override query(...args: any[]): any {
    const result = (super.query as any)(...args);
    if (result && typeof result.then === 'function') {
      return result.then((res: any) => {
        if (res) catalogSafe(res);
        return res;
      });
    }
    return result;
  }
}

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;

function withCatalogTypes(adapter: Adapter): Adapter {
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of (result.rows as TaggedRows)[CHAR_COLUMNS] ?? []) {
      result.columnTypes[index] = ColumnTypeEnum.Character;
    }
    return result;
  };
  return adapter;
}

function withWholeScripts(adapter: Adapter): Adapter {
  const internals = adapter as any;
  adapter.executeScript = async (script: string) => {
    try {
      await internals.client.query(script);
    } catch (error) {
      internals.onError(error);
    }
  };
  return adapter;
}

function wholeScriptFactory(pool: CatalogSafePool): PrismaPg {
  const factory = new PrismaPg(pool);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => withCatalogTypes(withWholeScripts(await connect()));
  return factory;
}

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: point it at the PostgreSQL database GovFlow should use');
  return url;
}

function poolFor(url: string): CatalogSafePool {
  // allowExitOnIdle: an idle connection never keeps a process alive (the CLI exits on its own; a test need not end it)
  const pool = new CatalogSafePool({ connectionString: url, max: 4, allowExitOnIdle: true });
  pool.on('error', () => undefined); // an idle client dropped by the server is not a failure of the CLI
  return pool;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  async adapter() {
    const factory = wholeScriptFactory(poolFor(databaseUrl()));
    const connectToShadowDb = async () => {
      const url = new URL(databaseUrl());
      const shadowName = `govflow_shadow_${process.pid}_${Date.now()}`;
      const admin = new pg.Pool({ connectionString: databaseUrl(), max: 1 });
      await admin.query(`CREATE DATABASE "${shadowName}"`);
      url.pathname = `/${shadowName}`;
      const shadowPool = poolFor(url.toString());
      const shadow = await wholeScriptFactory(shadowPool).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await shadowPool.end();
        await admin.query(`DROP DATABASE IF EXISTS "${shadowName}" WITH (FORCE)`);
        await admin.end();
      };
      return shadow;
    };
    Object.assign(factory, { connectToShadowDb });
    return factory;
  },
});
