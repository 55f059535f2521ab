/**
 * Demo data: the org tree of a city modelled on Beijing (400+ units), flow and stage definitions with
 * the default ladder, named demo users for every role and a clerk and a head for every unit.
 * Idempotent: what exists (by unit code, login, stage key) is left as it is, only what is missing is added,
 * so a re-seed never undoes what administrators changed.
 */
import { createPrisma } from '../activities/infra/prisma';
import { hashPassword } from '../server/passwords';
import { buildOrgTree } from './seed/orgTree';
import { DEFAULT_LADDER, FLOWS } from './seed/stages';
import { DEMO_PASSWORD, DEMO_USERS } from './seed/users';

export async function seed(databaseUrl: string, log: (msg: string) => void = console.log) {
  const prisma = createPrisma(databaseUrl, 4);
  try {
    const started = Date.now();
    // Level by level: each level is one INSERT ... ON CONFLICT DO NOTHING, then its ids are read back.
    const tree = buildOrgTree();
    const ids = new Map<string, { id: string; path: string; depth: number }>();
    const existing = await prisma.orgUnit.findMany({ select: { id: true, code: true, path: true, depth: true } });
    for (const e of existing) ids.set(e.code, { id: e.id, path: e.path, depth: e.depth });
    let pending = tree.filter((u) => !ids.has(u.code));
    while (pending.length > 0) {
      const ready = pending.filter((u) => !u.parentCode || ids.has(u.parentCode));
      if (ready.length === 0) throw new Error(`org tree: parents missing for ${pending.map((u) => u.code).join(', ')}`);
      await prisma.orgUnit.createMany({
        skipDuplicates: true,
        data: ready.map((u) => {
          const parent = u.parentCode ? ids.get(u.parentCode) : undefined;
          return {
            code: u.code, name: u.name, shortName: u.shortName, kind: u.kind, parentId: parent?.id ?? null,
            path: `${parent?.path ?? '/'}${u.code}/`, depth: parent ? parent.depth + 1 : 0, sortOrder: u.sortOrder,
          };
        }),
      });
      const rows = await prisma.orgUnit.findMany({ where: { code: { in: ready.map((u) => u.code) } }, select: { id: true, code: true, path: true, depth: true } });
      for (const r of rows) ids.set(r.code, { id: r.id, path: r.path, depth: r.depth });
      pending = pending.filter((u) => !ids.has(u.code));
    }
    log(`org units: ${ids.size}`);

    for (const flow of FLOWS) {
      await prisma.flowDefinition.upsert({ where: { key: flow.key }, update: { name: flow.name, nameEn: flow.nameEn }, create: { key: flow.key, name: flow.name, nameEn: flow.nameEn } });
      for (const [position, s] of flow.stages.entries()) {
        await prisma.stageDefinition.upsert({
          where: { flowKey_key: { flowKey: flow.key, key: s.key } },
          update: { name: s.name, nameEn: s.nameEn, position },
          create: {
            flowKey: flow.key, key: s.key, name: s.name, nameEn: s.nameEn, position, assigneeRole: s.assigneeRole,
            deadlineKind: s.deadlineKind, workingDays: s.workingDays ?? null, statutoryDate: s.statutoryDate ?? null,
            ladder: DEFAULT_LADDER as unknown as object,
          },
        });
      }
      // Stages a flow no longer has (the closure's single 'approval' became three levels): no step opens them.
      await prisma.stageDefinition.deleteMany({ where: { flowKey: flow.key, key: { notIn: flow.stages.map((st) => st.key) } } });
    }
    log(`flows: ${FLOWS.map((f) => `${f.key} (${f.stages.length} stages)`).join(', ')}`);

    // One hash for the generated per-unit accounts (hashing 800 passwords with scrypt would take a minute);
    // the named demo accounts each get their own salt.
    const sharedHash = await hashPassword(DEMO_PASSWORD);
    let users = 0;
    for (const d of DEMO_USERS) {
      const unit = ids.get(d.orgUnitCode);
      if (!unit) throw new Error(`demo user ${d.login}: unknown org unit ${d.orgUnitCode}`);
      const data = { displayName: d.displayName, orgUnitId: unit.id, roles: d.roles, leaderInCharge: d.leaderInCharge ?? false };
      await prisma.user.upsert({ where: { login: d.login }, update: data, create: { login: d.login, passwordHash: await hashPassword(DEMO_PASSWORD), ...data } });
      users++;
    }
    const namedUnits = new Set(DEMO_USERS.map((d) => `${d.orgUnitCode}:${d.roles.join(',')}`));
    const shortNames = new Map(tree.map((u) => [u.code, u.shortName]));
    const generated = [...ids].flatMap(([code, unit]) =>
      ([['clerk', 'CLERK', '经办人'], ['head', 'UNIT_HEAD', '负责人']] as const)
        .filter(([, role]) => !namedUnits.has(`${code}:${role}`))
        .map(([suffix, role, label]) => ({
          login: `${code.toLowerCase()}-${suffix}`, displayName: `${shortNames.get(code) ?? ''}${label}`, orgUnitId: unit.id, roles: [role],
          leaderInCharge: role === 'UNIT_HEAD', passwordHash: sharedHash,
        })),
    );
    users += (await prisma.user.createMany({ data: generated, skipDuplicates: true })).count;
    log(`users added or updated: ${users} (demo password ${DEMO_PASSWORD})`);
    log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  } finally {
    await prisma.$disconnect();
  }
}

if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('DATABASE_URL is not set: point it at the PostgreSQL database to seed\n');
    process.exit(78);
  }
  seed(url).catch((err) => {
    process.stderr.write(`seeding failed: ${err?.stack ?? err}\n`);
    process.exit(1);
  });
}
