import type { CurrentUser } from './context';
import { AppError } from './errors';

/**
 * The one place that decides what a user may see. Clerks and unit heads: their own unit's tasks.
 * Supervisors and administrators: everything in the subtree they oversee (CurrentUser.scopePath): a
 * supervisor of the city general office sees the whole city, one of a district office the whole district.
 */
export function taskScope(user: CurrentUser): { orgUnit: { path: { startsWith: string } } } | { orgUnitId: string } {
  if (user.roles.includes('ADMIN') || user.roles.includes('SUPERVISOR')) return { orgUnit: { path: { startsWith: user.scopePath } } };
  return { orgUnitId: user.orgUnitId };
}

export function canSeeUnit(user: CurrentUser, unit: { id: string; path: string }): boolean {
  if (user.roles.includes('ADMIN') || user.roles.includes('SUPERVISOR')) return unit.path.startsWith(user.scopePath);
  return unit.id === user.orgUnitId;
}

export function requireRole(user: CurrentUser, ...roles: CurrentUser['roles']): void {
  if (!roles.some((r) => user.roles.includes(r))) {
    throw new AppError('FORBIDDEN', '您的岗位没有此项操作的权限。', 403);
  }
}
