/**
 * The permission matrix, generated from the route table: every route x every role x (for routes on one
 * unit's resource) tasks of the role's own unit, a child unit and a foreign unit. Allowed calls must not
 * be refused (no 401/403, no 5xx); forbidden ones must be 401/403/404 and show nothing of the resource.
 * Request bodies are deliberately invalid or ids unknown, so that allowed writes change nothing.
 */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../server/context';
import { apiRouter, apiRoutes } from '../../server/routes';
import type { AccessRule } from '../../server/routes/route';
import { ApiSession, startStack, type ApiResponse, type TestStack } from '../support/stack';

/**
 * The expected rule of every route, written out here on purpose: a route added to the table without a
 * line here (and a sample request below) fails the suite, and so does a rule quietly loosened.
 */
const EXPECTED_RULES: Record<string, AccessRule> = {
  'GET /health': 'public',
  'GET /ready': 'public',
  'GET /openapi.json': 'public',
  'GET /docs': 'public',
  'POST /auth/login': 'public',
  'GET /auth/me': 'session',
  'POST /auth/logout': 'session',
  'POST /auth/change-password': 'session',
  'GET /notifications': 'signedIn',
  'GET /notifications/unread-count': 'signedIn',
  'POST /notifications/read-all': 'signedIn',
  'POST /notifications/:id/read': 'signedIn',
  'GET /notification-deliveries': 'admin',
  'POST /notification-deliveries/:id/retry': 'admin',
  'GET /webhooks': 'admin',
  'POST /webhooks': 'admin',
  'DELETE /webhooks/:id': 'admin',
  'GET /users': 'admin',
  'GET /users/:id': 'admin',
  'POST /users': 'admin',
  'PUT /users/:id': 'admin',
  'POST /users/:id/reset-password': 'admin',
  'GET /config': 'signedIn',
  'GET /tasks': 'signedIn',
  'GET /tasks/export.xlsx': 'signedIn',
  'GET /tasks/:id': 'unitScoped',
  'GET /tasks/:id/history': 'unitScoped',
  'GET /tasks/:id/colleagues': 'unitScoped',
  'GET /tasks/:id/unit-users': 'unitScoped',
  'POST /tasks/:id/complete': 'unitScoped',
  'POST /tasks/:id/return': 'unitScoped',
  'POST /tasks/:id/transfer': 'unitScoped',
  'POST /tasks/:id/claim': 'unitScoped',
  'POST /tasks/:id/add-approver': 'unitScoped',
  'POST /tasks/:id/cc': 'unitScoped',
  'POST /tasks/:id/withdraw': 'unitScoped',
  'GET /tasks/:id/report-changes': 'unitScoped',
  'GET /tasks/:id/duplication': 'unitScoped',
  'GET /public/annual-reports': 'public',
  'GET /public/annual-reports/:year/:code': 'public',
  'POST /campaigns/:id/duplication': 'supervisor',
  'GET /tasks/:id/attachments': 'unitScoped',
  'POST /tasks/:id/attachments': 'unitScoped',
  'GET /attachments/:id': 'signedIn',
  'DELETE /attachments/:id': 'signedIn',
  'PUT /tasks/:id/draft': 'unitScoped',
  'GET /tasks/:id/report': 'unitScoped',
  'GET /tasks/:id/report/tables.xlsx': 'unitScoped',
  'POST /tasks/:id/report/tables.xlsx': 'unitScoped',
  'POST /tasks/:id/extend': 'supervisor',
  'POST /tasks/:id/pause': 'supervisor',
  'POST /tasks/:id/resume': 'supervisor',
  'POST /tasks/:id/remind': 'supervisor',
  'POST /reminders/bulk': 'supervisor',
  'GET /escalations': 'supervisor',
  'POST /escalations/:id/decide': 'supervisor',
  'GET /stages': 'signedIn',
  'GET /stages/:id': 'signedIn',
  'GET /stages/:id/running': 'signedIn',
  'PUT /stages/:id': 'admin',
  'GET /calendar/days': 'signedIn',
  'GET /calendar-overrides': 'signedIn',
  'POST /calendar-overrides': 'admin',
  'DELETE /calendar-overrides/:date': 'admin',
  'POST /calendar/changes/preview': 'admin',
  'POST /calendar/changes': 'admin',
  'GET /calendar/changes/:id': 'admin',
  'GET /calendar/years': 'signedIn',
  'GET /calendar/coverage': 'signedIn',
  'POST /annual-reports': 'admin',
  'POST /admin/reconcile': 'admin',
  'GET /annual-report/template': 'signedIn',
  'GET /annual-reports/:year/:unitCode/state': 'unitScoped',
  'GET /websites': 'signedIn',
  'POST /websites': 'supervisor',
  'POST /websites/import': 'supervisor',
  'GET /websites/export': 'supervisor',
  'GET /websites/:id': 'unitScoped',
  'GET /websites/:id/timeline': 'unitScoped',
  'POST /websites/:id/objections': 'unitScoped',
  'POST /websites/:id/evidence': 'unitScoped',
  'GET /websites/:id/evidence/:evidenceId': 'unitScoped',
  'GET /consolidation-plans': 'signedIn',
  'POST /consolidation-plans': 'unitScoped',
  'POST /consolidation-plans/:id/approve': 'supervisor',
  'POST /consolidation-plans/:id/reject': 'supervisor',
  'GET /website-progress': 'supervisor',
  'GET /org-units': 'signedIn',
  'GET /org-units/:id': 'signedIn',
  'GET /campaigns/preview': 'admin',
  'GET /campaigns': 'supervisor',
  'POST /campaigns': 'admin',
  'GET /campaigns/:id': 'supervisor',
  'GET /campaigns/:id/progress': 'supervisor',
  'GET /campaigns/:id/units': 'supervisor',
  'GET /campaigns/:id/summary': 'supervisor',
  'GET /campaigns/:id/summary.xlsx': 'supervisor',
  'GET /campaigns/:id/units/:orgUnitId/timeline': 'supervisor',
  'GET /campaigns/:id/units/export.xlsx': 'supervisor',
  'POST /campaigns/:id/units': 'admin',
  'PUT /campaigns/:id/schedule': 'admin',
  'POST /campaigns/:id/publish': 'admin',
  'POST /campaigns/:id/units/:orgUnitId/publish-late': 'admin',
  'GET /flow-instances': 'admin',
  'GET /flow-instances/:id': 'admin',
  'GET /flow-instances/:id/tasks/:taskId/candidates': 'admin',
  'POST /flow-instances/:id/reassign': 'admin',
  'POST /flow-instances/:id/jump-back': 'admin',
  'POST /flow-instances/:id/end': 'admin',
  'GET /delegations': 'signedIn',
  'GET /delegations/candidates': 'signedIn',
  'POST /delegations': 'signedIn',
  'POST /delegations/:id/end': 'signedIn',
  'POST /delegations/:id/move-open-tasks': 'signedIn',
  'POST /task-batches/preview': 'signedIn',
  'POST /task-batches': 'signedIn',
};

const NO_SUCH_ID = '00000000-0000-4000-8000-00000000dead';
const BAD_BODY = { notAField: true };

interface Target { taskId: string; unitCode: string }
/** ok: when allowed, the answer must be 2xx (a read that works), not merely "not refused". */
interface Sample { path: (t: Target) => string; body?: unknown; freshSession?: boolean; ok?: boolean }
const fixed = (path: string, body?: unknown): Sample => ({ path: () => path, body });
const read = (path: string): Sample => ({ path: () => path, ok: true });
const onTask = (suffix: string, body?: unknown): Sample => ({ path: (t) => `/api/tasks/${t.taskId}${suffix}`, body, ok: body === undefined });

/** One request per route that, when allowed, changes nothing (unknown ids, invalid bodies). */
const SAMPLES: Record<string, Sample> = {
  'GET /health': read('/api/health'),
  'GET /ready': read('/api/ready'),
  'GET /openapi.json': read('/api/openapi.json'),
  'GET /docs': read('/api/docs'),
  'POST /auth/login': fixed('/api/auth/login', {}),
  'GET /auth/me': read('/api/auth/me'),
  // Logging out ends the session it is sent with: the matrix spends a fresh one on it.
  'POST /auth/logout': { ...fixed('/api/auth/logout', {}), freshSession: true, ok: true },
  'POST /auth/change-password': fixed('/api/auth/change-password', {}),
  'GET /notifications': read('/api/notifications'),
  'GET /notifications/unread-count': read('/api/notifications/unread-count'),
  'POST /notifications/read-all': fixed('/api/notifications/read-all', {}),
  'POST /notifications/:id/read': fixed(`/api/notifications/${NO_SUCH_ID}/read`, {}),
  'GET /notification-deliveries': read('/api/notification-deliveries'),
  'POST /notification-deliveries/:id/retry': fixed(`/api/notification-deliveries/${NO_SUCH_ID}/retry`, {}),
  'GET /webhooks': read('/api/webhooks'),
  'POST /webhooks': fixed('/api/webhooks', BAD_BODY),
  'DELETE /webhooks/:id': fixed(`/api/webhooks/${NO_SUCH_ID}`),
  'GET /users': read('/api/users'),
  'GET /users/:id': fixed(`/api/users/${NO_SUCH_ID}`),
  'POST /users': fixed('/api/users', BAD_BODY),
  'PUT /users/:id': fixed(`/api/users/${NO_SUCH_ID}`, { displayName: '不存在' }),
  'POST /users/:id/reset-password': fixed(`/api/users/${NO_SUCH_ID}/reset-password`, { password: 'a-long-enough-password' }),
  'GET /config': read('/api/config'),
  'GET /tasks': read('/api/tasks'),
  'GET /tasks/export.xlsx': read('/api/tasks/export.xlsx'),
  'GET /tasks/:id': onTask(''),
  'GET /tasks/:id/history': onTask('/history'),
  'GET /tasks/:id/colleagues': onTask('/colleagues'),
  'GET /tasks/:id/unit-users': onTask('/unit-users'),
  'POST /tasks/:id/complete': onTask('/complete', BAD_BODY),
  'POST /tasks/:id/return': onTask('/return', BAD_BODY),
  'POST /tasks/:id/transfer': onTask('/transfer', BAD_BODY),
  'POST /tasks/:id/claim': onTask('/claim', BAD_BODY),
  'POST /tasks/:id/add-approver': onTask('/add-approver', BAD_BODY),
  'POST /tasks/:id/cc': onTask('/cc', BAD_BODY),
  'POST /tasks/:id/withdraw': onTask('/withdraw', BAD_BODY),
  'GET /tasks/:id/report-changes': onTask('/report-changes'),
  'GET /tasks/:id/duplication': { path: (t) => `/api/tasks/${t.taskId}/duplication` },
  'GET /public/annual-reports': read('/api/public/annual-reports?year=2025'),
  'GET /public/annual-reports/:year/:code': fixed('/api/public/annual-reports/2025/NO-SUCH-UNIT'),
  'POST /campaigns/:id/duplication': fixed(`/api/campaigns/${NO_SUCH_ID}/duplication`, {}),
  'GET /tasks/:id/attachments': onTask('/attachments'),
  'POST /tasks/:id/attachments': onTask('/attachments', BAD_BODY),
  'GET /attachments/:id': fixed(`/api/attachments/${NO_SUCH_ID}`),
  'DELETE /attachments/:id': fixed(`/api/attachments/${NO_SUCH_ID}`),
  'PUT /tasks/:id/draft': onTask('/draft', BAD_BODY),
  // The matrix's tasks are not annual reports: an allowed call is refused by the service (400), not the rule.
  'GET /tasks/:id/report': { path: (t) => `/api/tasks/${t.taskId}/report` },
  'GET /tasks/:id/report/tables.xlsx': { path: (t) => `/api/tasks/${t.taskId}/report/tables.xlsx` },
  'POST /tasks/:id/report/tables.xlsx': onTask('/report/tables.xlsx', BAD_BODY),
  'POST /tasks/:id/extend': onTask('/extend', BAD_BODY),
  'POST /tasks/:id/pause': onTask('/pause', BAD_BODY),
  'POST /tasks/:id/resume': onTask('/resume', BAD_BODY),
  'POST /tasks/:id/remind': onTask('/remind', { message: '催'.repeat(501) }),
  'POST /reminders/bulk': fixed('/api/reminders/bulk', { message: '催'.repeat(501) }),
  'GET /escalations': read('/api/escalations'),
  'POST /escalations/:id/decide': fixed(`/api/escalations/${NO_SUCH_ID}/decide`, BAD_BODY),
  'GET /stages': read('/api/stages'),
  'GET /stages/:id': fixed(`/api/stages/${NO_SUCH_ID}`),
  'GET /stages/:id/running': fixed(`/api/stages/${NO_SUCH_ID}/running`),
  'PUT /stages/:id': fixed(`/api/stages/${NO_SUCH_ID}`, BAD_BODY),
  'GET /calendar/days': read('/api/calendar/days?from=2026-01-01&to=2026-01-31'),
  'GET /calendar-overrides': read('/api/calendar-overrides'),
  'POST /calendar-overrides': fixed('/api/calendar-overrides', BAD_BODY),
  'DELETE /calendar-overrides/:date': fixed('/api/calendar-overrides/2099-12-31'),
  'POST /calendar/changes/preview': fixed('/api/calendar/changes/preview', BAD_BODY),
  'POST /calendar/changes': fixed('/api/calendar/changes', BAD_BODY),
  'GET /calendar/changes/:id': fixed(`/api/calendar/changes/${NO_SUCH_ID}`),
  'GET /calendar/years': read('/api/calendar/years'),
  'GET /calendar/coverage': read('/api/calendar/coverage'),
  'POST /annual-reports': fixed('/api/annual-reports', BAD_BODY),
  'POST /admin/reconcile': fixed('/api/admin/reconcile', BAD_BODY),
  'GET /annual-report/template': read('/api/annual-report/template'),
  // A year no test file starts a report in: the matrix checks who may ask, so the answer is a 404 (never a flow another file left behind).
  'GET /annual-reports/:year/:unitCode/state': { path: (t) => `/api/annual-reports/1899/${t.unitCode}/state` },
  'GET /websites': read('/api/websites'),
  'POST /websites': fixed('/api/websites', BAD_BODY),
  // JSON instead of a multipart file: refused for having no file.
  'POST /websites/import': fixed('/api/websites/import', BAD_BODY),
  'GET /websites/export': fixed('/api/websites/export?format=pdf'),
  'GET /websites/:id': fixed(`/api/websites/${NO_SUCH_ID}`),
  'GET /websites/:id/timeline': fixed(`/api/websites/${NO_SUCH_ID}/timeline`),
  'POST /websites/:id/objections': fixed(`/api/websites/${NO_SUCH_ID}/objections`, BAD_BODY),
  'POST /websites/:id/evidence': fixed(`/api/websites/${NO_SUCH_ID}/evidence`, BAD_BODY),
  'GET /websites/:id/evidence/:evidenceId': fixed(`/api/websites/${NO_SUCH_ID}/evidence/${NO_SUCH_ID}`),
  'GET /consolidation-plans': read('/api/consolidation-plans'),
  'GET /delegations': read('/api/delegations'),
  'GET /delegations/candidates': read('/api/delegations/candidates'),
  'POST /delegations': fixed('/api/delegations', BAD_BODY),
  'POST /delegations/:id/end': fixed(`/api/delegations/${NO_SUCH_ID}/end`, {}),
  'POST /delegations/:id/move-open-tasks': fixed(`/api/delegations/${NO_SUCH_ID}/move-open-tasks`, {}),
  'POST /task-batches/preview': fixed('/api/task-batches/preview', BAD_BODY),
  'POST /task-batches': fixed('/api/task-batches', BAD_BODY),
  'POST /consolidation-plans': fixed('/api/consolidation-plans', BAD_BODY),
  'POST /consolidation-plans/:id/approve': fixed(`/api/consolidation-plans/${NO_SUCH_ID}/approve`, {}),
  'POST /consolidation-plans/:id/reject': fixed(`/api/consolidation-plans/${NO_SUCH_ID}/reject`, BAD_BODY),
  'GET /website-progress': read('/api/website-progress'),
  'GET /org-units': read('/api/org-units'),
  'GET /org-units/:id': fixed(`/api/org-units/${NO_SUCH_ID}`),
  'GET /campaigns/preview': read('/api/campaigns/preview?year=2031&townshipPublishBy=2032-02-27'),
  'GET /campaigns': read('/api/campaigns'),
  'POST /campaigns': fixed('/api/campaigns', BAD_BODY),
  'GET /campaigns/:id': fixed(`/api/campaigns/${NO_SUCH_ID}`),
  'GET /campaigns/:id/progress': fixed(`/api/campaigns/${NO_SUCH_ID}/progress`),
  'GET /campaigns/:id/units': fixed(`/api/campaigns/${NO_SUCH_ID}/units`),
  'GET /campaigns/:id/summary': fixed(`/api/campaigns/${NO_SUCH_ID}/summary`),
  'GET /campaigns/:id/summary.xlsx': fixed(`/api/campaigns/${NO_SUCH_ID}/summary.xlsx`),
  'GET /campaigns/:id/units/export.xlsx': fixed(`/api/campaigns/${NO_SUCH_ID}/units/export.xlsx`),
  'GET /campaigns/:id/units/:orgUnitId/timeline': fixed(`/api/campaigns/${NO_SUCH_ID}/units/${NO_SUCH_ID}/timeline`),
  'POST /campaigns/:id/units': fixed(`/api/campaigns/${NO_SUCH_ID}/units`, BAD_BODY),
  'PUT /campaigns/:id/schedule': fixed(`/api/campaigns/${NO_SUCH_ID}/schedule`, BAD_BODY),
  'POST /campaigns/:id/publish': fixed(`/api/campaigns/${NO_SUCH_ID}/publish`, BAD_BODY),
  'POST /campaigns/:id/units/:orgUnitId/publish-late': fixed(`/api/campaigns/${NO_SUCH_ID}/units/${NO_SUCH_ID}/publish-late`, BAD_BODY),
  'GET /flow-instances': read('/api/flow-instances'),
  'GET /flow-instances/:id': fixed(`/api/flow-instances/${NO_SUCH_ID}`),
  'GET /flow-instances/:id/tasks/:taskId/candidates': fixed(`/api/flow-instances/${NO_SUCH_ID}/tasks/${NO_SUCH_ID}/candidates`),
  'POST /flow-instances/:id/reassign': fixed(`/api/flow-instances/${NO_SUCH_ID}/reassign`, BAD_BODY),
  'POST /flow-instances/:id/jump-back': fixed(`/api/flow-instances/${NO_SUCH_ID}/jump-back`, BAD_BODY),
  'POST /flow-instances/:id/end': fixed(`/api/flow-instances/${NO_SUCH_ID}/end`, BAD_BODY),
};

/** Routes on one unit's resource: tried against a task (or report) of every fixture unit. */
const UNIT_RESOURCE = (key: string) => key.includes('/tasks/:id') || key.includes(':unitCode');

/** Fixture units: the 东城 district office, two of its streets, and a city department outside it. */
const UNITS = ['BJ-Q01-GO', 'BJ-Q01-S01', 'BJ-Q01-S02', 'BJ-D001'] as const;
type UnitCode = (typeof UNITS)[number];

interface Role { name: string; login: string | null; privilege: 'none' | 'member' | 'supervisor' | 'admin'; ownUnit?: UnitCode; sees: readonly UnitCode[] }
const ROLES: Role[] = [
  { name: 'clerk', login: 'street-clerk', privilege: 'member', ownUnit: 'BJ-Q01-S01', sees: ['BJ-Q01-S01'] },
  { name: 'unit head', login: 'street-head', privilege: 'member', ownUnit: 'BJ-Q01-S01', sees: ['BJ-Q01-S01'] },
  { name: 'supervisor', login: 'supervisor', privilege: 'supervisor', sees: UNITS },
  { name: 'district supervisor', login: 'dc-supervisor', privilege: 'supervisor', ownUnit: 'BJ-Q01-GO', sees: ['BJ-Q01-GO', 'BJ-Q01-S01', 'BJ-Q01-S02'] },
  { name: 'admin', login: 'admin', privilege: 'admin', sees: UNITS },
  { name: 'anonymous', login: null, privilege: 'none', sees: [] },
];

/** What each rule means, stated independently of server/routes/route.ts. */
const RULE_ALLOWS: Record<AccessRule, (r: Role) => boolean> = {
  public: () => true,
  session: (r) => r.privilege !== 'none',
  signedIn: (r) => r.privilege !== 'none',
  unitScoped: (r) => r.privilege !== 'none',
  supervisor: (r) => r.privilege === 'supervisor' || r.privilege === 'admin',
  admin: (r) => r.privilege === 'admin',
};

const relation = (role: Role, unit: UnitCode) => (role.ownUnit === unit ? 'own unit' : role.sees.includes(unit) ? 'child unit' : 'foreign unit');

interface Case { key: string; rule: AccessRule; role: Role; unit?: UnitCode; allowed: boolean }
const table = apiRoutes({} as AppContext);
const keyOf = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
const CASES: Case[] = table.flatMap(({ method, path, rule: tableRule }) => {
  const key = keyOf(method, path);
  // Expectations follow this file's rules, so a loosened rule in the table also fails cases here.
  const rule = EXPECTED_RULES[key] ?? tableRule;
  return ROLES.flatMap((role) => {
    const byRule = RULE_ALLOWS[rule](role);
    if (!UNIT_RESOURCE(key)) return [{ key, rule, role, allowed: byRule }];
    return UNITS.map((unit) => ({ key, rule, role, unit, allowed: byRule && role.sees.includes(unit) }));
  });
});

const MARKER = `矩阵测试待办-${randomUUID().slice(0, 8)}`;
let stack: TestStack;
const sessions = new Map<string, ApiSession>();
const targets = new Map<UnitCode, Target>();

beforeAll(async () => {
  stack = await startStack();
  for (const role of ROLES) sessions.set(role.name, role.login ? await ApiSession.login(stack.baseUrl, role.login) : new ApiSession(stack.baseUrl));
  // Projection rows only: no workflow runs behind them, so an allowed action is refused by its body or by
  // Temporal (4xx), never carried out.
  for (const code of UNITS) {
    const unit = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code } });
    const task = await stack.prisma.task.create({
      data: {
        workflowId: `matrix/${randomUUID()}`, executionId: randomUUID(), stepKey: 'matrix', flowKey: 'matrix', stageKey: 'matrix',
        title: `${MARKER} ${code}`, orgUnitId: unit.id, assigneeRole: 'CLERK', startedAt: new Date(), deadlineAt: new Date(Date.now() + 7 * 86_400_000),
      },
    });
    targets.set(code, { taskId: task.id, unitCode: code });
  }
});
afterAll(async () => {
  await stack.prisma.task.deleteMany({ where: { title: { startsWith: MARKER } } });
  await stack.stop();
});

describe('the route table', () => {
  it('gives every route an access rule, the one this test expects', () => {
    const actual = Object.fromEntries(table.map((r) => [keyOf(r.method, r.path), r.rule]));
    expect(actual).toEqual(EXPECTED_RULES);
  });

  it('has a sample request for every route, and no route outside the table', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(EXPECTED_RULES).sort());
    const registered = (apiRouter({} as AppContext).stack as Array<{ route?: { path: string; methods: Record<string, boolean> } }>)
      .filter((l) => l.route && l.route.path !== '/{*rest}')
      .flatMap((l) => Object.keys(l.route!.methods).filter((m) => m !== '_all').map((m) => keyOf(m, l.route!.path)));
    expect(registered.sort()).toEqual(Object.keys(EXPECTED_RULES).sort());
  });
});

describe(`permission matrix: ${table.length} routes x ${ROLES.length} roles = ${CASES.length} cases`, () => {
  async function call(c: Case): Promise<ApiResponse> {
    const sample = SAMPLES[c.key];
    const method = c.key.split(' ')[0];
    const session = sample.freshSession && c.role.login ? await ApiSession.login(stack.baseUrl, c.role.login) : sessions.get(c.role.name)!;
    const target = c.unit ? targets.get(c.unit)! : targets.get('BJ-Q01-S01')!;
    return session.request(method, sample.path(target), sample.body);
  }

  it.each(CASES.map((c) => [`${c.allowed ? 'allows' : 'refuses'} ${c.role.name}: ${c.key}${c.unit ? ` on a task of its ${relation(c.role, c.unit)} (${c.unit})` : ''}`, c] as const))('%s', async (_name, c) => {
    const res = await call(c);
    const text = JSON.stringify(res.body ?? '');
    if (c.allowed) {
      if (res.status === 401 || res.status === 403 || res.status >= 500) throw new Error(`expected to be allowed, got ${res.status} ${text}`);
      if (SAMPLES[c.key].ok && (res.status < 200 || res.status > 299)) throw new Error(`expected a 2xx answer, got ${res.status} ${text}`);
      if (c.key === 'GET /tasks/:id') expect(text).toContain(`${MARKER} ${c.unit}`);
    } else {
      expect([401, 403, 404]).toContain(res.status);
      expect(res.body.error.code).toMatch(/^(UNAUTHENTICATED|FORBIDDEN|NOT_FOUND)$/);
      expect(text).not.toContain(MARKER);
    }
    if (c.unit && c.allowed === false && c.role.privilege !== 'none' && RULE_ALLOWS[c.rule](c.role)) {
      // A task outside the user's scope does not exist for them: 404, never 403 (which would confirm it).
      expect(res.status).toBe(404);
    }
  });

  it('lists to each role exactly the fixture tasks of the units in its scope', async () => {
    for (const role of ROLES.filter((r) => r.login)) {
      const res = await sessions.get(role.name)!.get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ q: MARKER }))}&range=[0,99]`);
      expect(res.status).toBe(200);
      const units = (res.body as Array<{ title: string }>).map((t) => t.title.split(' ')[1]).sort();
      expect({ role: role.name, units }).toEqual({ role: role.name, units: [...role.sees].sort() });
    }
  });

  it('records every 403 in the audit log as auth.denied', async () => {
    const clerk = sessions.get('clerk')!;
    const res = await clerk.get('/api/users');
    expect(res.status).toBe(403);
    const row = await stack.prisma.auditEvent.findFirst({ where: { action: 'auth.denied', requestId: res.body.error.requestId } });
    expect(row).toMatchObject({ actorLogin: 'street-clerk', entityType: 'route', entityId: 'GET /api/users' });
  });
});
