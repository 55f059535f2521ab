import { z } from 'zod';
import type { AppContext, CurrentUser } from '../context';
import { AppError, notFound } from '../errors';
import type { ListQuery } from '../listQuery';
import { hashPassword } from '../passwords';
import { recordAudit } from '../repositories/auditRepository';
import { userRepository } from '../repositories/userRepository';
import { newPassword } from './authService';

export const USER_SORTABLE = ['login', 'displayName', 'createdAt', 'updatedAt', 'active'] as const;

const role = z.enum(['CLERK', 'UNIT_HEAD', 'SUPERVISOR', 'ADMIN'], { errorMap: () => ({ message: '岗位应为 CLERK、UNIT_HEAD、SUPERVISOR 或 ADMIN' }) });
const roles = z.array(role, { required_error: '请选择岗位', invalid_type_error: '岗位应为列表' }).min(1, '请至少选择一个岗位').max(4)
  .transform((r) => [...new Set(r)]);
const displayName = z.string({ required_error: '请填写姓名' }).trim().min(1, '请填写姓名').max(50, '姓名不能超过50个字');
const orgUnitId = z.string({ required_error: '请选择所属单位' }).uuid('所属单位无效');
const email = z.string().email('电子邮箱格式不正确').max(200).nullable();

const filterSchema = z.object({
  q: z.string().max(100).optional(),
  orgUnitId: z.string().uuid().optional(),
  role: role.optional(),
  active: z.boolean().optional(),
  id: z.array(z.string().uuid()).max(500).optional(),
}).strict();

export const createUserBody = z.object({
  login: z.string({ required_error: '请填写登录名' }).regex(/^[a-z0-9][a-z0-9._-]{1,49}$/, '登录名应为2-50位小写字母、数字、点、横线或下划线'),
  displayName,
  orgUnitId,
  roles,
  email: email.optional(),
  password: newPassword('初始密码'),
}).strict();

export const updateUserBody = z.object({
  displayName: displayName.optional(),
  roles: roles.optional(),
  orgUnitId: orgUnitId.optional(),
  email: email.optional(),
  active: z.boolean({ invalid_type_error: '启用状态应为 true 或 false' }).optional(),
}).strict();

export const resetPasswordBody = z.object({ password: newPassword('新密码') }).strict();

const isUuid = (id: string) => z.string().uuid().safeParse(id).success;

async function unitInScope(ctx: AppContext, admin: CurrentUser, id: string) {
  const unit = await ctx.prisma.orgUnit.findUnique({ where: { id } });
  if (!unit || !unit.path.startsWith(admin.scopePath)) throw new AppError('UNKNOWN_ORG_UNIT', '所选单位不存在或不在您的管理范围内。', 400);
  return unit;
}

async function visibleUser(ctx: AppContext, admin: CurrentUser, id: string) {
  const u = isUuid(id) ? await userRepository(ctx.prisma).findVisible(admin.scopePath, id) : null;
  if (!u) throw notFound('用户');
  return u;
}

export async function listUsers(ctx: AppContext, admin: CurrentUser, q: ListQuery) {
  const f = filterSchema.safeParse(q.filter);
  if (!f.success) throw new AppError('INVALID_FILTER', '筛选条件无效。', 400);
  return userRepository(ctx.prisma).list(admin.scopePath, f.data, q);
}

export const getUser = (ctx: AppContext, admin: CurrentUser, id: string) => visibleUser(ctx, admin, id);

export async function createUser(ctx: AppContext, admin: CurrentUser, body: z.infer<typeof createUserBody>, requestId: string) {
  await unitInScope(ctx, admin, body.orgUnitId);
  const repo = userRepository(ctx.prisma);
  if (await repo.findByLogin(body.login)) throw new AppError('LOGIN_TAKEN', `登录名“${body.login}”已被使用。`, 409);
  const passwordHash = await hashPassword(body.password);
  return ctx.prisma.$transaction(async (tx) => {
    const { password: _p, ...profile } = body;
    // A password chosen by someone else is changed by its owner at the first sign-in.
    const created = await userRepository(tx).create({ ...profile, passwordHash, mustChangePassword: true });
    await recordAudit(tx, { action: 'user.created', entityType: 'user', entityId: created.id, actorId: admin.id, actorLogin: admin.login, requestId, after: created });
    return created;
  });
}

export async function updateUser(ctx: AppContext, admin: CurrentUser, id: string, body: z.infer<typeof updateUserBody>, requestId: string) {
  const before = await visibleUser(ctx, admin, id);
  if (body.orgUnitId) await unitInScope(ctx, admin, body.orgUnitId);
  if (id === admin.id && (body.active === false || (body.roles && !body.roles.includes('ADMIN')))) {
    throw new AppError('CANNOT_LOCK_SELF_OUT', '不能停用自己的账号或取消自己的管理员岗位，请由另一位管理员操作。', 400);
  }
  return ctx.prisma.$transaction(async (tx) => {
    const repo = userRepository(tx);
    const after = await repo.update(id, body);
    // A disabled account's live sessions end now, not at their timeout.
    const revoked = body.active === false ? (await repo.revokeSessions(id)).count : 0;
    await recordAudit(tx, { action: body.active === false && before.active ? 'user.disabled' : 'user.updated', entityType: 'user', entityId: id, actorId: admin.id, actorLogin: admin.login, requestId, before, after: { ...after, sessionsRevoked: revoked } });
    return after;
  });
}

export async function resetPassword(ctx: AppContext, admin: CurrentUser, id: string, body: z.infer<typeof resetPasswordBody>, requestId: string) {
  await visibleUser(ctx, admin, id);
  const passwordHash = await hashPassword(body.password);
  return ctx.prisma.$transaction(async (tx) => {
    const repo = userRepository(tx);
    const after = await repo.update(id, { passwordHash, mustChangePassword: true });
    // Whoever held the old password is signed out everywhere.
    const revoked = (await repo.revokeSessions(id)).count;
    await recordAudit(tx, { action: 'user.password_reset', entityType: 'user', entityId: id, actorId: admin.id, actorLogin: admin.login, requestId, after: { mustChangePassword: true, sessionsRevoked: revoked } });
    return after;
  });
}
