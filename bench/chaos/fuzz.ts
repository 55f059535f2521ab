/**
 * Hostile input to every route of the API's own route table (server/routes), as a clerk, a supervisor and an
 * administrator: bodies generated with fast-check (wrong types, prototype-pollution keys, SQL and HTML
 * injection, unicode edge cases, oversized strings), hostile ids (path traversal, injection, other units'
 * real ids for the clerk), hostile list queries and headers (forged or missing CSRF, malformed cookies,
 * wrong content types, oversized and deeply nested JSON). Checked: no 5xx, every refusal in the error shape
 * with a Chinese sentence and no stack, and no state change (a checksum of every table, the audit log but
 * its denial rows) before and after.
 */
import fc from 'fast-check';
import { loadConfig } from '../../activities/infra/config';
import { createLogger } from '../../activities/infra/logger';
import type { AppContext } from '../../server/context';
import { apiRoutes } from '../../server/routes';
import { pool } from '../lib/util';
import { http, q, sessionByLogin, type Answer, type Session } from './stack';

const SQLI = ["' OR '1'='1", "'; DROP TABLE \"Task\"; --", '1 UNION SELECT password FROM "User"', '$where: 1', '{"$gt": ""}', "\\'; SELECT pg_sleep(10); --"];
const HTML = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)', '{{constructor.constructor("return process")()}}'];
const UNICODE = ['\u202e\u0645\u0631\u062d\u0628\u0627', '𠮷野家😀', '\ud800', '\uffff\ufffe', 'Ａ　Ｂ', 'e\u0301', '\u200b\u200d', 'İı'];
const TRAVERSAL = ['../../../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', '....//....//etc/passwd', '%2e%2e%2f', 'C:\\Windows\\win.ini'];
const IDS = [...TRAVERSAL, ...SQLI.slice(0, 3), '00000000-0000-0000-0000-000000000000', '-1', '1e309', 'NaN', '__proto__', 'constructor', 'x'.repeat(3000), '😀', '%00'];

const hostileString = fc.oneof(
  fc.constantFrom(...SQLI, ...HTML, ...UNICODE, ...TRAVERSAL),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constant('长'.repeat(70_000)),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(-1), fc.constant(1e308), fc.constant(Number.MAX_SAFE_INTEGER + 2),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(hostileString, tie('v'), { maxKeys: 4 }),
  ),
})).v;
/** A JSON text: an object with a prototype-pollution key and hostile values, or something that is not an object. */
const hostileBody = fc.oneof(
  fc.tuple(fc.dictionary(fc.constantFrom('requestId', 'comment', 'result', 'year', 'login', 'name', 'rows', 'group', 'toStageKey', 'schedule', 'rootCodes', 'url', 'roles', 'password', 'report', 'dryRun'), hostileValue, { maxKeys: 5 }), hostileValue)
    .map(([o, v]) => `{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, ${Object.entries(o).map(([k, x]) => `${JSON.stringify(k)}: ${JSON.stringify(x) ?? 'null'}`).concat([`"x": ${JSON.stringify(v) ?? 'null'}`]).join(', ')}}`),
  hostileValue.map((v) => JSON.stringify([v])),
  fc.constantFrom('null', '"text"', '42', '[]', '{"a":', '{"a": 1}garbage'),
);
const hostileQuery = fc.record({
  filter: fc.oneof(fc.constantFrom('{"q":"\' OR 1=1--"}', '{"status":{"$ne":null}}', '{"orgUnitId":"../../"}', '{"__proto__":{"x":1}}', 'not json', '{"q":"<script>"}', '[]', '{"status":["OPEN","x"]}'), hostileString.map((s) => JSON.stringify({ q: s }))),
  sort: fc.constantFrom('["id; DROP TABLE x","ASC"]', '["deadlineAt","SIDEWAYS"]', '["__proto__","ASC"]', 'x', '[]'),
  range: fc.constantFrom('[0,99999999]', '[-5,2]', '[5,1]', '["a","b"]', '[0]', '[1e309,2]'),
});

interface FuzzResult { users: string; routes: number; requests: number; fivexx: number; badShape: number; changed: number; tables: number; byStatus: Map<string, number>; problems: string[] }

async function tableChecksums(): Promise<Map<string, string>> {
  const tables = await q<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
  const out = new Map<string, string>();
  for (const { t } of tables) {
    // Sessions record when they were last seen on every request; denials and failed sign-ins are audited
    // and counted (lockout) on purpose: they are the record of the attack, not a change it made.
    if (t === 'Session' || t === 'LoginFailure') continue;
    const where = t === 'AuditEvent' ? `WHERE action NOT IN ('auth.denied', 'auth.login_failed')` : '';
    const [r] = await q<{ h: string; n: number }>(`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h, count(*)::int AS n FROM "${t}" x ${where}`);
    out.set(t, `${r.n}:${r.h}`);
  }
  return out;
}

export async function fuzzApi(opts: { runs: number; users: string[]; foreignIds: number; concurrency?: number }): Promise<FuzzResult> {
  const config = loadConfig(process.env);
  const routes = apiRoutes({ config, prisma: undefined as never, temporal: undefined as never, logger: createLogger('silent', 'chaos') } as AppContext)
    // Routes that take no body and change only the caller's own state on purpose are left out of the
    // valid-CSRF pass (sign-out ends the fuzzer's session; "mark all read" marks them read).
    .filter((r) => !['/auth/logout', '/notifications/read-all'].includes(r.path));
  const logins: Record<string, string> = { clerk: 'fgw-clerk', supervisor: 'supervisor', admin: 'admin' };
  const who: Array<[string, Session]> = [];
  for (const u of ['clerk', ...opts.users.filter((x) => x !== 'clerk')]) who.push([u, await sessionByLogin(logins[u])]);
  // Real ids the clerk (BJ-D001) may not touch: tasks, sites, campaigns, users of other units.
  const foreign = (await q<{ id: string }>(`
    (SELECT t.id::text FROM "Task" t JOIN "OrgUnit" o ON o.id = t."orgUnitId" WHERE o.code <> 'BJ-D001' ORDER BY t."startedAt" DESC LIMIT 5)
    UNION ALL (SELECT w.id::text FROM "Website" w JOIN "OrgUnit" o ON o.id = w."ownerUnitId" WHERE o.code <> 'BJ-D001' LIMIT 3)
    UNION ALL (SELECT id::text FROM "Campaign" LIMIT 2)
    UNION ALL (SELECT u.id::text FROM "User" u WHERE u.login = 'admin')`)).map((r) => r.id).slice(0, opts.foreignIds);

  const result: FuzzResult = { users: who.map(([n]) => n).join(', '), routes: routes.length, requests: 0, fivexx: 0, badShape: 0, changed: 0, tables: 0, byStatus: new Map(), problems: [] };
  const seen = (label: string, res: Answer | undefined) => {
    result.requests++;
    if (!res) { result.fivexx++; result.problems.push(`${label}: no answer`); return; }
    const k = String(res.status);
    result.byStatus.set(k, (result.byStatus.get(k) ?? 0) + 1);
    if (res.status >= 500) { result.fivexx++; result.problems.push(`${label}: ${res.status} ${res.text.slice(0, 200)}`); }
    if (res.status >= 400) {
      const e = res.body?.error;
      const ok = e && typeof e.code === 'string' && typeof e.message === 'string' && /[\u4e00-\u9fff]/.test(e.message) && typeof e.requestId === 'string' && !/\bat .+\.(ts|js):\d+|node_modules|Prisma|SELECT /.test(res.text);
      if (!ok) { result.badShape++; result.problems.push(`${label}: ${res.status} not in the error shape: ${res.text.slice(0, 200)}`); }
    }
  };
  const send = async (label: string, method: string, path: string, s: Session | undefined, raw?: string, headers: Record<string, string> = {}) => {
    try {
      seen(label, await http(method, path, s, undefined, { raw, headers: { ...(raw !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, timeoutMs: 30_000 }));
    } catch (err) {
      seen(`${label} (${String(err).slice(0, 80)})`, undefined);
    }
  };

  const before = await tableChecksums();
  const auditBefore = (await q<{ n: number }>('SELECT count(*)::int AS n FROM "AuditEvent"'))[0].n;
  const pathWith = (path: string, id: string) => path.replace(/:(\w+)/g, () => encodeURIComponent(id));
  const samples = <T>(arb: fc.Arbitrary<T>, n: number) => fc.sample(arb, { numRuns: n });

  // Routes side by side (CI's slice): the checksums compare the whole run, whatever the order.
  await pool(routes, opts.concurrency ?? 1, async (r) => {
    const method = r.method.toUpperCase();
    const hasId = r.path.includes(':');
    const ids = hasId ? [...IDS.slice(0, opts.runs + 3), ...foreign] : [''];
    for (const [name, s] of who) {
      const idsFor = name === 'clerk' ? ids : ids.filter((i) => !foreign.includes(i));
      if (method === 'GET') {
        const qs = samples(hostileQuery, opts.runs);
        for (const [k, id] of idsFor.entries()) {
          const qq = qs[k % qs.length];
          await send(`${name} GET ${r.path} id=${id.slice(0, 30)}`, 'GET', `/api${pathWith(r.path, id)}?filter=${encodeURIComponent(qq.filter)}&sort=${encodeURIComponent(qq.sort)}&range=${encodeURIComponent(qq.range)}&q=${encodeURIComponent("' OR 1=1--")}`, s);
        }
        continue;
      }
      const bodies = samples(hostileBody, opts.runs);
      for (const [k, id] of idsFor.entries()) {
        const body = bodies[k % bodies.length];
        // With the session's CSRF token: the body and the id must be refused.
        await send(`${name} ${method} ${r.path} id=${id.slice(0, 30)} body=${body.slice(0, 80)}`, method, `/api${pathWith(r.path, id)}`, s, body);
      }
      // A forged CSRF token and none at all, with a body that would otherwise pass the schema's first checks.
      const target = `/api${pathWith(r.path, hasId ? (name === 'clerk' && foreign[0]) || IDS[5] : '')}`;
      await send(`${name} ${method} ${r.path} forged CSRF`, method, target, s, '{}', { 'x-csrf-token': 'forged-token-0123456789' });
      await send(`${name} ${method} ${r.path} no CSRF`, method, target, { ...s, csrf: '' }, '{}', { 'x-csrf-token': '' });
    }
  });
  // Headers and bodies no route should ever see.
  const clerk = who[0][1];
  const write = '/api/tasks/00000000-0000-0000-0000-000000000000/complete';
  await send('oversized JSON (3 MB)', 'POST', write, clerk, JSON.stringify({ requestId: 'x', comment: 'x'.repeat(3_000_000) }));
  await send('deeply nested JSON', 'POST', write, clerk, `${'['.repeat(20_000)}${']'.repeat(20_000)}`);
  await send('deeply nested object', 'POST', write, clerk, `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`);
  await send('invalid UTF-8', 'POST', write, clerk, Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]).toString('latin1'));
  await send('body as text/plain', 'POST', write, clerk, '{"requestId":"x"}', { 'content-type': 'text/plain' });
  await send('body as XML', 'POST', write, clerk, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', { 'content-type': 'application/xml' });
  await send('charset the parser does not know', 'POST', write, clerk, '{}', { 'content-type': 'application/json; charset=utf-7' });
  await send('malformed session cookie', 'GET', '/api/tasks', undefined, undefined, { cookie: 'govflow_session=%E0%A4%A' });
  await send('cookie of 7 KB', 'GET', '/api/tasks', undefined, undefined, { cookie: `govflow_session=${'a'.repeat(7000)}` });
  await send('forged request id', 'GET', '/api/tasks/x', clerk, undefined, { 'x-request-id': '"><script>alert(1)</script>' });
  await send('SQL in a login', 'POST', '/api/auth/login', undefined, JSON.stringify({ login: "admin' --", password: "' OR '1'='1" }));
  await send('NUL in a login', 'POST', '/api/auth/login', undefined, JSON.stringify({ login: 'admin\u0000', password: 'x' }));

  const after = await tableChecksums();
  result.tables = before.size;
  for (const [t, h] of before) {
    if (after.get(t) !== h) { result.changed++; result.problems.push(`table ${t} changed under hostile input: ${h} → ${after.get(t)}`); }
  }
  const polluted = await q(`SELECT 1 FROM "AuditEvent" WHERE after::text LIKE '%polluted%' OR before::text LIKE '%polluted%' LIMIT 1`);
  if (polluted.length) { result.changed++; result.problems.push('a prototype-pollution key reached the audit log'); }
  if (({} as Record<string, unknown>).polluted !== undefined) result.problems.push('Object.prototype polluted in the fuzzer');
  const denials = (await q<{ n: number }>('SELECT count(*)::int AS n FROM "AuditEvent"'))[0].n - auditBefore;
  result.byStatus.set('denials audited', denials);

  // Upload names with a path: the document is stored under its name only (no file system path is built from
  // it), and the download names it with the slashes encoded.
  const [own] = await q<{ id: string; login: string }>(`SELECT t.id, u.login FROM "Task" t JOIN "User" u ON u."orgUnitId" = t."orgUnitId" AND 'CLERK' = ANY(u.roles::text[]) WHERE t.status = 'OPEN' AND t.position = 'main' AND t."assigneeRole" = 'CLERK' ORDER BY u.login LIMIT 1`);
  if (own) {
    const s = await sessionByLogin(own.login);
    for (const name of ['../../../../tmp/chaos-evil.pdf', '..\\..\\chaos-evil.pdf', '/etc/cron.d/chaos.pdf']) {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from('%PDF-1.4\n%chaos\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')]), name);
      const res = await http('POST', `/api/tasks/${own.id}/attachments`, s, undefined, { raw: form as never });
      seen(`upload ${name}`, res);
      if (res.status === 201) {
        const dl = await fetch(`${process.env.GOVFLOW_API_BASE ?? `http://127.0.0.1:${process.env.GOVFLOW_API_PORT}`}/api/attachments/${res.body.id}`, { headers: { cookie: s.cookie } });
        const cd = dl.headers.get('content-disposition') ?? '';
        await dl.arrayBuffer();
        if (/filename="?[^;]*[/\\]/.test(cd.replace(/filename\*=[^;]+/, ''))) result.problems.push(`download names the upload with a path: ${cd}`);
      }
    }
    const { existsSync } = await import('node:fs');
    if (existsSync('/tmp/chaos-evil.pdf') || existsSync('/etc/cron.d/chaos.pdf')) { result.changed++; result.problems.push('an upload name wrote a file outside storage'); }
  }
  return result;
}
