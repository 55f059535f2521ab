/** The org tree grown for benchmarks that need more units than the seed's 512 (a campaign of 1,000 units). */
import type { PrismaClient } from '../../activities/infra/prisma';

/** The synthetic district the benchmarks add; a launch that must match the seed's districts leaves it out. */
export const BENCH_DISTRICT = 'BJ-Q99';

/**
 * Adds the synthetic district (its government, general office and as many streets as needed) so that the
 * city has at least `total` units. Safe to call again with a larger total: it numbers new streets after the
 * ones it already added.
 */
export async function growCity(prisma: PrismaClient, total: number): Promise<void> {
  const have = await prisma.orgUnit.count();
  if (have >= total) return;
  const city = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ' } });
  const district = await prisma.orgUnit.upsert({
    where: { code: BENCH_DISTRICT }, update: {},
    create: { code: BENCH_DISTRICT, name: '基准测试区人民政府', shortName: '基准测试区', kind: 'DISTRICT_GOVERNMENT', parentId: city.id, path: `${city.path}${BENCH_DISTRICT}/`, depth: city.depth + 1, sortOrder: 99 },
  });
  await prisma.orgUnit.upsert({
    where: { code: `${BENCH_DISTRICT}-GO` }, update: {},
    create: { code: `${BENCH_DISTRICT}-GO`, name: '基准测试区人民政府办公室', shortName: '区政府办公室', kind: 'GENERAL_OFFICE', parentId: district.id, path: `${district.path}${BENCH_DISTRICT}-GO/`, depth: district.depth + 1, sortOrder: 1 },
  });
  const start = await prisma.orgUnit.count({ where: { parentId: district.id, kind: 'STREET' } });
  const missing = total - (await prisma.orgUnit.count());
  await prisma.orgUnit.createMany({
    data: Array.from({ length: Math.max(0, missing) }, (_, k) => {
      const i = start + k;
      const code = `${BENCH_DISTRICT}-S${String(i + 1).padStart(4, '0')}`;
      return { code, name: `基准测试区第${i + 1}街道办事处`, shortName: `第${i + 1}街道`, kind: 'STREET' as const, parentId: district.id, path: `${district.path}${code}/`, depth: district.depth + 1, sortOrder: i + 2 };
    }),
    skipDuplicates: true,
  });
}
