import { createHash, randomBytes } from 'node:crypto';
import type { AppContext, CurrentUser } from '../context';
import { AppError } from '../errors';
import { hashPassword, verifyPassword } from '../passwords';
import { recordAudit } from '../repositories/auditRepository';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const LOGIN_FAILED = () => new AppError('LOGIN_FAILED', '用户名或密码不正确。', 401);

function scopePathOf(unit: { kind: string; path: string; parent: { path: string } | null }): string {
  return unit.kind === 'GENERAL_OFFICE' && unit.parent ? unit.parent.path : unit.path;
}

/** A hash to compare against when the login name does not exist, so both paths take the same time. */
let dummyHash: Promise<string> | undefined;

export interface LoginResult {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: CurrentUser;
}

export async function login(ctx: AppContext, input: { login: string; password: string }, meta: { ip: string; requestId: string }): Promise<LoginResult> {
  const user = await ctx.prisma.user.findUnique({ where: { login: input.login }, include: { orgUnit: { include: { parent: true } } } });
  dummyHash ??= hashPassword('not-a-real-password');
  const valid = user ? await verifyPassword(input.password, user.passwordHash) : (await verifyPassword(input.password, await dummyHash), false);
  if (!user || !valid || !user.active) {
    await recordAudit(ctx.prisma, { action: 'auth.login_failed', entityType: 'user', entityId: user?.id ?? input.login, actorLogin: input.login, requestId: meta.requestId, after: { ip: meta.ip } });
    throw LOGIN_FAILED();
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + ctx.config.SESSION_ABSOLUTE_HOURS * 3600_000);
  const sessionId = sha256(token);
  await ctx.prisma.session.create({ data: { id: sessionId, userId: user.id, csrfToken, expiresAt } });
  await recordAudit(ctx.prisma, { action: 'auth.login', entityType: 'user', entityId: user.id, actorId: user.id, actorLogin: user.login, requestId: meta.requestId, after: { ip: meta.ip } });
  return {
    token,
    csrfToken,
    expiresAt,
    user: {
      id: user.id, login: user.login, displayName: user.displayName, orgUnitId: user.orgUnitId, orgUnitPath: user.orgUnit.path,
      orgUnitName: user.orgUnit.name, scopePath: scopePathOf(user.orgUnit), roles: user.roles, mustChangePassword: user.mustChangePassword, sessionId, csrfToken,
    },
  };
}

/** Resolves a cookie token to its user, enforcing idle and absolute timeouts and disabled accounts. */
export async function resolveSession(ctx: AppContext, token: string): Promise<CurrentUser | null> {
  const id = sha256(token);
  const session = await ctx.prisma.session.findUnique({ where: { id }, include: { user: { include: { orgUnit: { include: { parent: true } } } } } });
  if (!session || session.revokedAt || !session.user.active) return null;
  const now = Date.now();
  if (session.expiresAt.getTime() <= now) return null;
  if (session.lastSeenAt.getTime() + ctx.config.SESSION_IDLE_MINUTES * 60_000 <= now) return null;
  if (now - session.lastSeenAt.getTime() > 60_000) {
    await ctx.prisma.session.update({ where: { id }, data: { lastSeenAt: new Date(now) } });
  }
  const u = session.user;
  return {
    id: u.id, login: u.login, displayName: u.displayName, orgUnitId: u.orgUnitId, orgUnitPath: u.orgUnit.path, orgUnitName: u.orgUnit.name, scopePath: scopePathOf(u.orgUnit),
    roles: u.roles, mustChangePassword: u.mustChangePassword, sessionId: id, csrfToken: session.csrfToken,
  };
}

export async function logout(ctx: AppContext, user: CurrentUser, requestId: string): Promise<void> {
  await ctx.prisma.session.update({ where: { id: user.sessionId }, data: { revokedAt: new Date() } });
  await recordAudit(ctx.prisma, { action: 'auth.logout', entityType: 'user', entityId: user.id, actorId: user.id, actorLogin: user.login, requestId });
}
