import type { PrismaClient } from './infra/prisma';
import { createTaskProjection } from './tasks/taskProjection';

export interface ActivityDeps {
  prisma: PrismaClient;
}

/** Every side effect the flows need, built from explicit dependencies (tests pass their own). */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createTaskProjection(deps.prisma),
  };
}
export type Activities = ReturnType<typeof createActivities>;
