import { useGetIdentity } from 'react-admin';

export interface AssignableTask { orgUnitId: string; assigneeRole: string; assigneeUserId: string | null }

/**
 * Whether the signed-in user may act on a task as its assignee: the person it is assigned to, or anyone
 * of the unit in the assigned post while nobody has claimed it. The workflow decides (NOT_ASSIGNEE); this
 * only keeps buttons a supervisor cannot use off their screen.
 */
export function useIsAssignee(task: AssignableTask | undefined): boolean {
  const { identity } = useGetIdentity();
  if (!task || !identity) return false;
  if (task.assigneeUserId) return task.assigneeUserId === identity.id;
  return identity.orgUnitId === task.orgUnitId && Array.isArray(identity.roles) && identity.roles.includes(task.assigneeRole);
}
