/**
 * The migration that unifies documents, on a database of its own: the schema as it stood before, with
 * closure evidence in "WebsiteEvidence" (its type as the browser declared it), then the migration. The
 * evidence moves into "Attachment" under its own ids (closure steps' results name them), typed again from
 * its first bytes; a row without its owner (task or site) is refused by the table from then on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { applyTestEnv } from '../support/env';

const MIGRATIONS = join(__dirname, '..', '..', 'prisma', 'migrations');
const THIS_ONE = readdirSync(MIGRATIONS).find((d) => d.endsWith('_unified_attachments'))!;
const EARLIER = readdirSync(MIGRATIONS).filter((d) => /^\d{14}_/.test(d) && d < THIS_ONE).sort();
const DB = `govflow_migration_${process.pid}`;

let admin: Client;
let db: Client;
const sql = (dir: string) => readFileSync(join(MIGRATIONS, dir, 'migration.sql'), 'utf8');
const ids = { unit: '00000000-0000-4000-8000-000000000001', user: '00000000-0000-4000-8000-000000000002', site: '00000000-0000-4000-8000-000000000003' };

beforeAll(async () => {
  applyTestEnv();
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = '/postgres';
  admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
  await admin.query(`CREATE DATABASE ${DB}`);
  url.pathname = `/${DB}`;
  db = new Client({ connectionString: url.toString() });
  await db.connect();
  for (const dir of EARLIER) await db.query(sql(dir));
  await db.query(`INSERT INTO "OrgUnit" (id, code, name, "shortName", kind, path, depth, "updatedAt") VALUES ($1, 'X', '测试单位', '测试单位', 'MUNICIPAL_DEPARTMENT', '/X/', 1, now())`, [ids.unit]);
  await db.query(`INSERT INTO "User" (id, login, "displayName", "orgUnitId", roles, "passwordHash", "updatedAt") VALUES ($1, 'clerk-x', '经办人', $2, '{CLERK}', 'x', now())`, [ids.user, ids.unit]);
  await db.query(`INSERT INTO "Website" (id, name, domain, "siteCode", "ownerUnitId", "workflowId", "updatedAt") VALUES ($1, '测试网站', 'a.gov.cn', '1234567890', $2, 'website-closure/1234567890/1', now())`, [ids.site, ids.unit]);
  const evidence = `INSERT INTO "WebsiteEvidence" (id, "websiteId", "fileName", "mimeType", size, sha256, content, "uploadedById") VALUES ($1, $2, $3, $4, $5, 'sha', $6, $7)`;
  // A PDF its browser called a PNG, and a web page called a PDF.
  await db.query(evidence, ['00000000-0000-4000-8000-00000000000a', ids.site, '注销通知.pdf', 'image/png', 8, Buffer.from('%PDF-1.4'), ids.user]);
  await db.query(evidence, ['00000000-0000-4000-8000-00000000000b', ids.site, 'page.pdf', 'application/pdf', 13, Buffer.from('<html></html>'), ids.user]);
  await db.query(sql(THIS_ONE));
}, 60_000);

afterAll(async () => {
  await db?.end();
  await admin?.query(`DROP DATABASE IF EXISTS ${DB}`);
  await admin?.end();
});

describe('the migration to one table of documents', () => {
  it('moves each piece of evidence under its id, with its site, owner unit, flow and uploader, typed by its bytes', async () => {
    const { rows } = await db.query(`SELECT id, purpose, "taskId", "websiteId", "orgUnitId", "workflowId", filename, "mimeType", "uploadedByLogin" FROM "Attachment" ORDER BY id`);

    expect(rows).toEqual([
      { id: '00000000-0000-4000-8000-00000000000a', purpose: 'CLOSURE_EVIDENCE', taskId: null, websiteId: ids.site, orgUnitId: ids.unit, workflowId: 'website-closure/1234567890/1', filename: '注销通知.pdf', mimeType: 'application/pdf', uploadedByLogin: 'clerk-x' },
      { id: '00000000-0000-4000-8000-00000000000b', purpose: 'CLOSURE_EVIDENCE', taskId: null, websiteId: ids.site, orgUnitId: ids.unit, workflowId: 'website-closure/1234567890/1', filename: 'page.pdf', mimeType: 'application/octet-stream', uploadedByLogin: 'clerk-x' },
    ]);
    expect((await db.query(`SELECT to_regclass('"WebsiteEvidence"') AS t`)).rows[0].t).toBeNull();
  });

  it('refuses a step\'s document without its task, and evidence without its site', async () => {
    const insert = (purpose: string) => db.query(
      `INSERT INTO "Attachment" (id, purpose, "orgUnitId", filename, "mimeType", size, sha256, content, "uploadedById", "uploadedByLogin") VALUES (gen_random_uuid(), $1, $2, 'a.pdf', 'application/pdf', 1, 's', '\\x00', $3, 'clerk-x')`,
      [purpose, ids.unit, ids.user],
    );

    await expect(insert('STEP_ATTACHMENT')).rejects.toThrow(/Attachment_owner_check/);
    await expect(insert('CLOSURE_EVIDENCE')).rejects.toThrow(/Attachment_owner_check/);
  });
});
