import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AppContext, CurrentUser } from '../context';
import type { Role } from '../../workflows/shared';
import { AppError } from '../errors';
import { hashPassword, verifyPassword } from '../passwords';
import { recordAudit } from '../repositories/auditRepository';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const LOGIN_FAILED = () => new AppError('LOGIN_FAILED', '用户名或密码不正确。', 401);

/**
 * Password guessing is slowed per login name (one account attacked from many addresses) and per address
 * (one address trying many accounts). Counted in PostgreSQL so that every API process shares the count.
 */
export const LOGIN_LIMITS = { perLogin: 5, perIp: 20, windowMinutes: 15 } as const;
const LOGIN_LOCKED = () => new AppError(
  'LOGIN_LOCKED',
  `登录失败次数过多，已暂时锁定，请${LOGIN_LIMITS.windowMinutes}分钟后再试；如忘记密码，请联系系统管理员重置。`,
  429,
);
/** Counters ignore case so that "Admin" and "admin" share one. */
const loginKey = (login: string) => login.trim().toLowerCase();

/** The password rule for every new password (set by an administrator or by the user). */
export const newPassword = (what: string) => z.string({ required_error: `请输入${what}`, invalid_type_error: `${what}应为文字` })
  .min(12, `${what}至少需要12个字符`).max(200, `${what}不能超过200个字符`);

export const changePasswordBody = z.object({
  currentPassword: z.string({ required_error: '请输入当前密码' }).min(1, '请输入当前密码').max(200),
  newPassword: newPassword('新密码'),
}).strict();

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

async function isLockedOut(ctx: AppContext, login: string, ip: string): Promise<boolean> {
  const since = new Date(Date.now() - LOGIN_LIMITS.windowMinutes * 60_000);
  const [byLogin, byIp] = await Promise.all([
    ctx.prisma.loginFailure.count({ where: { login: loginKey(login), createdAt: { gt: since } } }),
    ctx.prisma.loginFailure.count({ where: { ip, createdAt: { gt: since } } }),
  ]);
  return byLogin >= LOGIN_LIMITS.perLogin || byIp >= LOGIN_LIMITS.perIp;
}

async function recordFailure(ctx: AppContext, login: string, ip: string): Promise<void> {
  const stale = new Date(Date.now() - 2 * LOGIN_LIMITS.windowMinutes * 60_000);
  await ctx.prisma.$transaction([
    ctx.prisma.loginFailure.deleteMany({ where: { createdAt: { lt: stale } } }),
    ctx.prisma.loginFailure.create({ data: { login: loginKey(login), ip } }),
  ]);
}

export async function login(ctx: AppContext, input: { login: string; password: string }, meta: { ip: string; requestId: string }): Promise<LoginResult> {
  // Checked before the password and before looking the login up: a locked-out caller learns nothing,
  // not even whether the account exists, and the correct password does not unlock it early.
  if (await isLockedOut(ctx, input.login, meta.ip)) {
    await recordAudit(ctx.prisma, { action: 'auth.login_locked', entityType: 'user', entityId: input.login, actorLogin: input.login, requestId: meta.requestId, after: { ip: meta.ip } });
    throw LOGIN_LOCKED();
  }
  const user = await ctx.prisma.user.findUnique({ where: { login: input.login }, include: { orgUnit: { include: { parent: true } } } });
  dummyHash ??= hashPassword('not-a-real-password');
  const valid = user ? await verifyPassword(input.password, user.passwordHash) : (await verifyPassword(input.password, await dummyHash), false);
  if (!user || !valid || !user.active) {
    await recordFailure(ctx, input.login, meta.ip);
    await recordAudit(ctx.prisma, { action: 'auth.login_failed', entityType: 'user', entityId: user?.id ?? input.login, actorLogin: input.login, requestId: meta.requestId, after: { ip: meta.ip } });
    throw LOGIN_FAILED();
  }
  await ctx.prisma.loginFailure.deleteMany({ where: { login: loginKey(input.login) } });
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
  // One statement instead of four (Prisma reads an include level per query): every API request pays it.
  const [row] = await ctx.prisma.$queryRaw<SessionRow[]>`
    SELECT s."csrfToken", s."lastSeenAt", s."expiresAt", s."revokedAt",
           u."id", u."login", u."displayName", u."orgUnitId", u."roles"::text[] AS "roles", u."mustChangePassword", u."active",
           o."path" AS "unitPath", o."name" AS "unitName", o."kind"::text AS "unitKind", p."path" AS "parentPath"
      FROM "Session" s
      JOIN "User" u ON u."id" = s."userId"
      JOIN "OrgUnit" o ON o."id" = u."orgUnitId"
      LEFT JOIN "OrgUnit" p ON p."id" = o."parentId"
     WHERE s."id" = ${id}`;
  if (!row || row.revokedAt || !row.active) return null;
  const now = Date.now();
  if (row.expiresAt.getTime() <= now) return null;
  if (row.lastSeenAt.getTime() + ctx.config.SESSION_IDLE_MINUTES * 60_000 <= now) return null;
  if (now - row.lastSeenAt.getTime() > 60_000) {
    await ctx.prisma.session.update({ where: { id }, data: { lastSeenAt: new Date(now) } });
  }
  const unit = { kind: row.unitKind, path: row.unitPath, parent: row.parentPath === null ? null : { path: row.parentPath } };
  return {
    id: row.id, login: row.login, displayName: row.displayName, orgUnitId: row.orgUnitId, orgUnitPath: row.unitPath, orgUnitName: row.unitName, scopePath: scopePathOf(unit),
    roles: row.roles as Role[], mustChangePassword: row.mustChangePassword, sessionId: id, csrfToken: row.csrfToken,
  };
}

interface SessionRow {
  csrfToken: string; lastSeenAt: Date; expiresAt: Date; revokedAt: Date | null;
  id: string; login: string; displayName: string; orgUnitId: string; roles: string[]; mustChangePassword: boolean; active: boolean;
  unitPath: string; unitName: string; unitKind: string; parentPath: string | null;
}

export async function logout(ctx: AppContext, user: CurrentUser, requestId: string): Promise<void> {
  await ctx.prisma.session.update({ where: { id: user.sessionId }, data: { revokedAt: new Date() } });
  await recordAudit(ctx.prisma, { action: 'auth.logout', entityType: 'user', entityId: user.id, actorId: user.id, actorLogin: user.login, requestId });
}

/** The user changes their own password: clears mustChangePassword and signs out every other session. */
export async function changePassword(ctx: AppContext, user: CurrentUser, body: z.infer<typeof changePasswordBody>, requestId: string): Promise<void> {
  const row = await ctx.prisma.user.findUnique({ where: { id: user.id } });
  if (!row || !(await verifyPassword(body.currentPassword, row.passwordHash))) {
    throw new AppError('WRONG_PASSWORD', '当前密码不正确。', 400);
  }
  if (body.currentPassword === body.newPassword) throw new AppError('PASSWORD_UNCHANGED', '新密码不能与当前密码相同。', 400);
  const passwordHash = await hashPassword(body.newPassword);
  await ctx.prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: false } });
    const revoked = await tx.session.updateMany({ where: { userId: user.id, id: { not: user.sessionId }, revokedAt: null }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      action: 'user.password_changed', entityType: 'user', entityId: user.id, actorId: user.id, actorLogin: user.login, requestId,
      after: { mustChangePassword: false, otherSessionsRevoked: revoked.count },
    });
  });
}
