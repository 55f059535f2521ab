/**
 * Accounts, sessions and sign-in protection against the real app and database: the administrators'
 * accounts API, the forced password change, session expiry and logout, CSRF, brute-force lockout, and
 * the security headers.
 */
import { randomUUID } from 'node:crypto';
import { ApiSession, startStack, type TestStack } from '../support/stack';
import { DEMO_PASSWORD } from '../../prisma/seed/users';

let stack: TestStack;
let admin: ApiSession;
let streetUnitId: string;
const run = randomUUID().slice(0, 8);
const INITIAL = 'initial-password-2026';
const CHOSEN = 'my-own-password-2026';

beforeAll(async () => {
  stack = await startStack();
  admin = await ApiSession.login(stack.baseUrl, 'admin');
  streetUnitId = (await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-Q01-S01' } })).id;
});
afterAll(async () => {
  await stack.prisma.loginFailure.deleteMany({});
  // The accounts made here would otherwise become extra recipients of the street's notifications in later files.
  await stack.prisma.user.deleteMany({ where: { login: { startsWith: `t-${run}-` } } });
  await stack.stop();
});

/** A fresh account made through the API; its first password was chosen by the administrator. */
async function newAccount(suffix: string, roles = ['CLERK']) {
  const login = `t-${run}-${suffix}`;
  const res = await admin.post('/api/users', { login, displayName: `测试${suffix}`, orgUnitId: streetUnitId, roles, password: INITIAL });
  expect(res.status).toBe(201);
  return { login, id: res.body.id as string };
}

/** Signs in from a given client address (the app trusts X-Forwarded-For from loopback only). */
async function loginFrom(ip: string, login: string, password: string) {
  const s = new ApiSession(stack.baseUrl);
  const res = await s.request('POST', '/api/auth/login', { login, password }, { 'x-forwarded-for': ip });
  return { s, res };
}

/** An account past its first sign-in: password changed by its owner, so every route is open to it. */
async function activeAccount(suffix: string) {
  const acc = await newAccount(suffix);
  const s = await ApiSession.login(stack.baseUrl, acc.login, INITIAL);
  expect((await s.post('/api/auth/change-password', { currentPassword: INITIAL, newPassword: CHOSEN })).status).toBe(200);
  return { ...acc, s };
}

describe('the accounts API', () => {
  it('refuses a password shorter than 12 characters with a Chinese message naming the field', async () => {
    const res = await admin.post('/api/users', { login: `t-${run}-short`, displayName: '短密码', orgUnitId: streetUnitId, roles: ['CLERK'], password: 'short' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toContain('初始密码至少需要12个字符');
  });

  it('creates, lists, shows and updates accounts without ever returning the password hash', async () => {
    const { login, id } = await newAccount('crud');
    const list = await admin.get(`/api/users?filter=${encodeURIComponent(JSON.stringify({ q: login }))}&sort=${encodeURIComponent('["login","ASC"]')}&range=[0,9]`);
    expect(list.status).toBe(200);
    expect(list.headers.get('content-range')).toBe('users 0-0/1');
    expect(list.body[0]).toMatchObject({ id, login, roles: ['CLERK'], mustChangePassword: true, active: true });
    const one = await admin.get(`/api/users/${id}`);
    expect(one.body).toMatchObject({ id, login, orgUnit: { code: 'BJ-Q01-S01' } });
    const put = await admin.request('PUT', `/api/users/${id}`, { displayName: '改名', roles: ['CLERK', 'UNIT_HEAD'], email: 'x@example.gov.cn' });
    expect(put.body).toMatchObject({ displayName: '改名', roles: ['CLERK', 'UNIT_HEAD'], email: 'x@example.gov.cn' });
    for (const body of [list.body, one.body, put.body]) expect(JSON.stringify(body)).not.toMatch(/passwordHash|scrypt\$/);
  });

  it('audits every administrator change with no password material in the audit rows', async () => {
    const { id } = await newAccount('audit');
    await admin.request('PUT', `/api/users/${id}`, { displayName: '审计' });
    await admin.post(`/api/users/${id}/reset-password`, { password: 'reset-password-2026' });
    const rows = await stack.prisma.auditEvent.findMany({ where: { entityType: 'user', entityId: id } });
    expect(rows.map((r) => r.action).sort()).toEqual(['user.created', 'user.password_reset', 'user.updated']);
    expect(rows.every((r) => r.actorLogin === 'admin')).toBe(true);
    expect(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toMatch(/passwordHash|scrypt\$|initial-password|reset-password-2026/);
  });

  it('refuses an administrator disabling their own account', async () => {
    const me = await admin.get('/api/auth/me');
    const res = await admin.request('PUT', `/api/users/${me.body.user.id}`, { active: false });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('CANNOT_LOCK_SELF_OUT');
  });
});

describe('the forced password change', () => {
  it('while a password must be changed, only me, logout and change-password answer', async () => {
    const { login } = await newAccount('must');
    const s = await ApiSession.login(stack.baseUrl, login, INITIAL);
    expect((await s.get('/api/auth/me')).body.user.mustChangePassword).toBe(true);
    const tasks = await s.get('/api/tasks');
    expect(tasks.status).toBe(403);
    expect(tasks.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await s.get('/api/notifications')).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('changing the password opens the API and ends the user\'s other sessions', async () => {
    const { login } = await newAccount('change');
    const other = await ApiSession.login(stack.baseUrl, login, INITIAL);
    const s = await ApiSession.login(stack.baseUrl, login, INITIAL);
    const wrong = await s.post('/api/auth/change-password', { currentPassword: 'not-my-password', newPassword: CHOSEN });
    expect(wrong.body.error.code).toBe('WRONG_PASSWORD');
    expect((await s.post('/api/auth/change-password', { currentPassword: INITIAL, newPassword: 'too-short' })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await s.post('/api/auth/change-password', { currentPassword: INITIAL, newPassword: CHOSEN })).status).toBe(200);
    expect((await s.get('/api/tasks')).status).toBe(200);
    expect((await other.get('/api/auth/me')).status).toBe(401);
    expect((await loginFrom('198.51.100.1', login, CHOSEN)).res.status).toBe(200);
  });

  it('a password reset by an administrator signs the user out and forces a change again', async () => {
    const { login, id, s } = await activeAccount('reset');
    const reset = await admin.post(`/api/users/${id}/reset-password`, { password: 'reset-by-admin-2026' });
    expect(reset.body.mustChangePassword).toBe(true);
    expect((await s.get('/api/auth/me')).status).toBe(401);
    const again = await ApiSession.login(stack.baseUrl, login, 'reset-by-admin-2026');
    expect((await again.get('/api/tasks')).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });
});

describe('sessions', () => {
  it('a disabled user\'s live session ends at once, and the user can no longer sign in', async () => {
    const { login, id, s } = await activeAccount('disable');
    expect((await s.get('/api/tasks')).status).toBe(200);
    expect((await admin.request('PUT', `/api/users/${id}`, { active: false })).body.active).toBe(false);
    expect((await s.get('/api/tasks')).body.error.code).toBe('UNAUTHENTICATED');
    expect(await stack.prisma.session.count({ where: { userId: id, revokedAt: null } })).toBe(0);
    expect((await loginFrom('198.51.100.2', login, CHOSEN)).res.body.error.code).toBe('LOGIN_FAILED');
  });

  it('a session idle longer than SESSION_IDLE_MINUTES ends', async () => {
    const { id, s } = await activeAccount('idle');
    expect((await s.get('/api/auth/me')).status).toBe(200);
    const idle = new Date(Date.now() - (stack.config.SESSION_IDLE_MINUTES + 1) * 60_000);
    await stack.prisma.session.updateMany({ where: { userId: id }, data: { lastSeenAt: idle } });
    expect((await s.get('/api/auth/me')).body.error.code).toBe('UNAUTHENTICATED');
  });

  it('a session past its absolute lifetime ends even while in use', async () => {
    const { id, s } = await activeAccount('absolute');
    await stack.prisma.session.updateMany({ where: { userId: id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await s.get('/api/auth/me')).status).toBe(401);
  });

  it('logout ends the session: the same cookie is refused afterwards', async () => {
    const { s } = await activeAccount('logout');
    expect((await s.post('/api/auth/logout')).status).toBe(200);
    expect((await s.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses a write without the CSRF token, and one with a forged token', async () => {
    const { s } = await activeAccount('csrf');
    const missing = await s.request('POST', '/api/notifications/read-all', {}, { 'x-csrf-token': '' });
    const forged = await s.request('POST', '/api/notifications/read-all', {}, { 'x-csrf-token': 'forged' });
    expect([missing.body.error.code, forged.body.error.code]).toEqual(['CSRF_REJECTED', 'CSRF_REJECTED']);
    expect((await s.post('/api/notifications/read-all')).status).toBe(200);
  });
});

describe('brute-force protection', () => {
  it('locks an account after 5 failed sign-ins, even against the right password, from any address', async () => {
    const { login } = await activeAccount('lock');
    for (let i = 0; i < 5; i++) expect((await loginFrom(`203.0.113.${i + 1}`, login, 'wrong-password')).res.body.error.code).toBe('LOGIN_FAILED');
    const locked = await loginFrom('203.0.113.99', login, CHOSEN);
    expect(locked.res.status).toBe(429);
    expect(locked.res.body.error.code).toBe('LOGIN_LOCKED');
    expect(locked.res.body.error.message).toMatch(/登录失败次数过多.*15分钟后再试/);
  });

  it('answers an unknown login exactly as a locked real one, revealing nothing', async () => {
    const { login } = await activeAccount('lock2');
    const ghost = `ghost-${run}`;
    for (let i = 0; i < 5; i++) {
      await loginFrom('203.0.114.1', login, 'wrong-password');
      await loginFrom('203.0.114.2', ghost, 'wrong-password');
    }
    const real = (await loginFrom('203.0.114.3', login, CHOSEN)).res;
    const unknown = (await loginFrom('203.0.114.3', ghost, CHOSEN)).res;
    expect([real.status, unknown.status]).toEqual([429, 429]);
    expect(unknown.body.error).toEqual({ ...real.body.error, requestId: unknown.body.error.requestId });
  });

  it('locks an address after 20 failed sign-ins across accounts, while other addresses still sign in', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < 20; i++) expect((await loginFrom(ip, `nobody-${run}-${i}`, 'wrong-password')).res.status).toBe(401);
    expect((await loginFrom(ip, 'fgw-head', DEMO_PASSWORD)).res.body.error.code).toBe('LOGIN_LOCKED');
    expect((await loginFrom('192.0.2.78', 'fgw-head', DEMO_PASSWORD)).res.status).toBe(200);
  });

  it('records failures and lockouts in the audit log without the password tried', async () => {
    const rows = await stack.prisma.auditEvent.findMany({ where: { action: { in: ['auth.login_failed', 'auth.login_locked'] }, actorLogin: { startsWith: `t-${run}-lock` } } });
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['auth.login_failed', 'auth.login_locked']));
    expect(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain('wrong-password');
  });
});

describe('security headers', () => {
  it('sends helmet\'s headers with a CSP the console can live with, and keeps the request size limit', async () => {
    const res = await fetch(`${stack.baseUrl}/api/health`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests'); // the console must work over an intranet's plain HTTP
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('x-powered-by')).toBeNull();
    const big = await admin.post('/api/annual-reports', { orgUnitCode: 'x'.repeat(3 * 1024 * 1024), year: 2025 });
    expect(big.status).toBe(413);
  });
});
