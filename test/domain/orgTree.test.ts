import { buildOrgTree, type OrgUnitKind, type OrgUnitSeed } from '../../prisma/seed/orgTree';

const tree = buildOrgTree();
const byCode = new Map(tree.map((u) => [u.code, u]));
const childrenOf = (code: string): OrgUnitSeed[] => tree.filter((u) => u.parentCode === code);
const ofKind = (kind: OrgUnitKind): OrgUnitSeed[] => tree.filter((u) => u.kind === kind);

/** Which kind of unit each kind may hang under; null means "is the root". */
const ALLOWED_PARENT: Record<OrgUnitKind, readonly (OrgUnitKind | null)[]> = {
  CITY_GOVERNMENT: [null],
  GENERAL_OFFICE: ['CITY_GOVERNMENT', 'DISTRICT_GOVERNMENT'],
  MUNICIPAL_DEPARTMENT: ['CITY_GOVERNMENT'],
  DISTRICT_GOVERNMENT: ['CITY_GOVERNMENT'],
  DISTRICT_DEPARTMENT: ['DISTRICT_GOVERNMENT'],
  STREET: ['DISTRICT_GOVERNMENT'],
  TOWN: ['DISTRICT_GOVERNMENT'],
};

const CJK = /[\u4e00-\u9fff]/;

describe('Beijing seed org tree', () => {
  it('has exactly one root, the city government', () => {
    const roots = tree.filter((u) => u.parentCode === null);
    expect(roots).toHaveLength(1);
    expect(roots[0]).toMatchObject({ code: 'BJ', name: '北京市人民政府', kind: 'CITY_GOVERNMENT' });
    expect(ofKind('CITY_GOVERNMENT')).toHaveLength(1);
  });

  it('lists every parent before its children, so a seeder can insert in order', () => {
    const seen = new Set<string>();
    const orphans: string[] = [];
    for (const unit of tree) {
      if (unit.parentCode !== null && !seen.has(unit.parentCode)) orphans.push(`${unit.code} -> ${unit.parentCode}`);
      seen.add(unit.code);
    }
    expect(orphans).toEqual([]);
  });

  it('gives every unit a globally unique ASCII code', () => {
    expect(new Set(tree.map((u) => u.code)).size).toBe(tree.length);
    expect(tree.filter((u) => !/^[A-Z0-9-]+$/.test(u.code)).map((u) => u.code)).toEqual([]);
  });

  it('holds at least 300 units', () => {
    expect(tree.length).toBeGreaterThanOrEqual(300);
  });

  it('has the city general office and at least 40 municipal departments under the city government', () => {
    expect(byCode.get('BJ-GO')).toMatchObject({ name: '北京市人民政府办公厅', kind: 'GENERAL_OFFICE', parentCode: 'BJ' });
    const departments = ofKind('MUNICIPAL_DEPARTMENT');
    expect(departments.length).toBeGreaterThanOrEqual(40);
    for (const d of departments) expect(d.code).toMatch(/^BJ-D\d{3}$/);
    expect(departments.map((d) => d.name)).toEqual(
      expect.arrayContaining(['北京市发展和改革委员会', '北京市财政局', '北京市政务服务和数据管理局', '北京市税务局']),
    );
  });

  it('has all 16 districts, each with exactly one general office, at least one department and one street or town', () => {
    const districts = ofKind('DISTRICT_GOVERNMENT');
    expect(districts.map((d) => d.code)).toEqual(Array.from({ length: 16 }, (_, i) => `BJ-Q${String(i + 1).padStart(2, '0')}`));
    expect(districts[0].name).toBe('东城区人民政府');
    expect(districts[15].name).toBe('延庆区人民政府');
    for (const district of districts) {
      const children = childrenOf(district.code);
      const offices = children.filter((c) => c.kind === 'GENERAL_OFFICE');
      expect(offices.map((o) => o.code)).toEqual([`${district.code}-GO`]);
      expect(children.filter((c) => c.kind === 'DISTRICT_DEPARTMENT').length).toBeGreaterThanOrEqual(1);
      expect(children.filter((c) => c.kind === 'STREET' || c.kind === 'TOWN').length).toBeGreaterThanOrEqual(1);
    }
  });

  it('writes every name in Chinese', () => {
    expect(tree.filter((u) => !CJK.test(u.name) || !CJK.test(u.shortName)).map((u) => u.code)).toEqual([]);
  });

  it('names streets with 街道 and towns with 镇, 乡 or 地区', () => {
    for (const street of ofKind('STREET')) expect(street.name).toMatch(/街道$/);
    for (const town of ofKind('TOWN')) expect(town.name).toMatch(/(镇|乡|地区)$/);
  });

  it('hangs each kind of unit only under the kind of parent it reports to', () => {
    const misplaced = tree
      .map((unit) => ({ unit, parentKind: unit.parentCode === null ? null : (byCode.get(unit.parentCode)?.kind ?? null) }))
      .filter(({ unit, parentKind }) => !ALLOWED_PARENT[unit.kind].includes(parentKind))
      .map(({ unit, parentKind }) => `${unit.code} (${unit.kind}) under ${parentKind}`);
    expect(misplaced).toEqual([]);
  });

  it('keeps names unique among siblings and numbers siblings 1..n', () => {
    const parents = new Set(tree.map((u) => u.parentCode));
    for (const parent of parents) {
      const siblings = tree.filter((u) => u.parentCode === parent);
      expect(new Set(siblings.map((s) => s.name)).size).toBe(siblings.length);
      expect(siblings.map((s) => s.sortOrder)).toEqual(siblings.map((_, i) => i + 1));
    }
  });

  it('derives each short name by dropping the city or district prefix from the name', () => {
    for (const unit of tree) {
      if (unit.kind === 'CITY_GOVERNMENT' || unit.kind === 'DISTRICT_GOVERNMENT') {
        expect(unit.name).toBe(`${unit.shortName}人民政府`);
        continue;
      }
      const parent = byCode.get(unit.parentCode as string) as OrgUnitSeed;
      expect(unit.name).toBe(`${parent.shortName}${unit.shortName}`);
    }
    expect(tree.find((u) => u.name === '东城区东华门街道')?.shortName).toBe('东华门街道');
  });

  it('uses real subdivision names for the anchor districts', () => {
    const shortNamesUnder = (code: string) => childrenOf(code).map((c) => c.shortName);
    expect(shortNamesUnder('BJ-Q01')).toEqual(expect.arrayContaining(['东华门街道', '景山街道', '永定门外街道']));
    expect(shortNamesUnder('BJ-Q16')).toEqual(expect.arrayContaining(['延庆镇', '康庄镇', '八达岭镇', '旧县镇']));
  });

  it('returns a fresh list on every call, so one caller cannot corrupt the next seed run', () => {
    const first = buildOrgTree();
    first[0].name = 'changed';
    expect(buildOrgTree()[0].name).toBe('北京市人民政府');
  });
});
