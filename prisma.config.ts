// Prisma CLI configuration that works offline. Prisma's CLI normally downloads a Rust schema engine from
// its own site, which these machines cannot reach; with `engine: 'js'` it uses the WASM schema engine
// through a driver adapter instead. Two fixes make Migrate work on PostgreSQL with it:
//  1. prisma/orm#27403: @prisma/adapter-pg 6.x cannot decode the catalog types "char" (18) and name (19)
//     that the schema engine reads; the pool below rewrites them (and their arrays) to text.
//  2. the adapter runs a migration script by splitting it on every ";", which breaks any function body
//     (our append-only audit trigger); withWholeScripts sends the script as one simple query instead,
//     which PostgreSQL also runs as one implicit transaction.
//  3. the stock adapter builds the shadow database pool from the main URL, so `migrate dev` would replay
//     migrations into the main database; connectToShadowDb below creates and drops a real shadow database.
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

const CATALOG_TO_TEXT: Record<number, number> = { 18: 25, 19: 25, 1002: 1009, 1003: 1009 };

class CatalogSafePool extends pg.Pool {
   
  override query(...args: any[]): any {
     
    const result = (super.query as any)(...args);
    if (result && typeof result.then === 'function') {
       
      return result.then((res: any) => {
        for (const field of res?.fields ?? []) {
          const mapped = CATALOG_TO_TEXT[field.dataTypeID];
          if (mapped) field.dataTypeID = mapped;
        }
        return res;
      });
    }
    return result;
  }
}

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;

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
  factory.connect = async () => withWholeScripts(await connect());
  return factory;
}

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: point it at the PostgreSQL database GovFlow should use');
  return url;
}

function poolFor(url: string): CatalogSafePool {
  const pool = new CatalogSafePool({ connectionString: url, max: 4 });
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
