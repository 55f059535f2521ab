/**
 * Seed org tree for a realistic city, modelled on Beijing (the seed case study's process, docs/domain.md §3).
 *
 * Pure data: no Prisma, no I/O. The seeder (prisma/seed.ts) walks the list in order and upserts by `code`,
 * so parents always come before their children and a code, once published, must never change meaning.
 *
 * Levels follow the reporting chain of 《政府信息公开条例》 第四十九条/第五十条: every administrative organ
 * publishes its own annual report (departments by 31 January); a government's report, drafted by its
 * 政府信息公开工作主管部门 (the general office), comes out by 31 March. Districts aggregate their
 * streets and towns (docs/domain.md §3 step 4), which is why streets and towns hang under the district government.
 *
 * Street and town names are the real 街道/乡镇 of each district as far as known; large districts list a
 * representative subset rather than every unit. Beijing's 地区办事处 (e.g. 平谷区渔阳地区) sit at town level and
 * are seeded as TOWN.
 */

export type OrgUnitKind =
  | 'CITY_GOVERNMENT' // 北京市人民政府 (root; a government reports by 31 March)
  | 'GENERAL_OFFICE' // 市政府办公厅 / 区政府办公室: the supervising office (政府信息公开工作主管部门)
  | 'MUNICIPAL_DEPARTMENT' // 市委办局, incl. 垂管部门/分局
  | 'DISTRICT_GOVERNMENT' // 区人民政府
  | 'DISTRICT_DEPARTMENT' // 区委办局
  | 'STREET' // 街道办事处
  | 'TOWN'; // 乡/镇人民政府

export interface OrgUnitSeed {
  /** Globally unique, ASCII, stable: BJ, BJ-GO, BJ-D001, BJ-Q01, BJ-Q01-GO, BJ-Q01-D01, BJ-Q01-S01. */
  code: string;
  name: string;
  /** `name` without the city/district prefix; for a government, the name of its area (北京市, 东城区). */
  shortName: string;
  kind: OrgUnitKind;
  parentCode: string | null;
  /** 1-based order among siblings. */
  sortOrder: number;
}

const CITY = '北京市';
const ROOT_CODE = 'BJ';

/**
 * 市委办局 in the order Beijing lists its 政府组成部门 and 直属机构, followed by units under vertical or
 * dual management (垂管部门/分局), which publish their own reports through the city's platform too.
 */
const MUNICIPAL_DEPARTMENTS: readonly string[] = [
  // 政府组成部门
  '发展和改革委员会',
  '教育委员会',
  '科学技术委员会',
  '经济和信息化局',
  '民族宗教事务委员会',
  '公安局',
  '民政局',
  '司法局',
  '财政局',
  '人力资源和社会保障局',
  '规划和自然资源委员会',
  '生态环境局',
  '住房和城乡建设委员会',
  '城市管理委员会',
  '交通委员会',
  '水务局',
  '农业农村局',
  '商务局',
  '文化和旅游局',
  '卫生健康委员会',
  '退役军人事务局',
  '应急管理局',
  '人民政府外事办公室',
  '审计局',
  // 直属特设机构 / 直属机构
  '人民政府国有资产监督管理委员会',
  '市场监督管理局',
  '广播电视局',
  '体育局',
  '统计局',
  '园林绿化局',
  '医疗保障局',
  '地方金融管理局',
  '城市管理综合行政执法局',
  '政务服务和数据管理局',
  '信访办公室',
  '人民防空办公室',
  // 部门管理机构
  '知识产权局',
  '药品监督管理局',
  '粮食和物资储备局',
  '监狱管理局',
  '戒毒管理局',
  '文物局',
  '中医管理局',
  '疾病预防控制局',
  // 其他行政机构 / 事业单位 with public-administration functions
  '医院管理中心',
  '住房公积金管理中心',
  // 垂管部门 / 分局
  '税务局',
  '气象局',
  '地震局',
  '邮政管理局',
  '公安局公安交通管理局',
  '规划和自然资源委员会经济技术开发区分局',
];

/** Departments every 区政府 has, in the usual listing order. */
const DISTRICT_CORE_DEPARTMENTS: readonly string[] = [
  '发展和改革委员会',
  '教育委员会',
  '民政局',
  '财政局',
  '人力资源和社会保障局',
  '住房和城乡建设委员会',
  '卫生健康委员会',
  '市场监督管理局',
];
/** Further departments, taken in order: urban-core districts run city services, outer districts run farms and water. */
const DISTRICT_URBAN_EXTRAS: readonly string[] = ['城市管理委员会', '商务局', '文化和旅游局', '政务服务和数据管理局'];
const DISTRICT_RURAL_EXTRAS: readonly string[] = ['农业农村局', '水务局', '园林绿化局', '政务服务和数据管理局'];

interface DistrictSpec {
  name: string;
  /** Number of extra departments beyond the core 8 (0–4, so 8–12 in all). */
  extras: number;
  urban: boolean;
  /** 街道 / 乡 / 镇 / 地区, real names, in the district's own listing order. */
  subdivisions: readonly string[];
}

/** The 16 districts in Beijing's official order. */
const DISTRICTS: readonly DistrictSpec[] = [
  {
    name: '东城区',
    extras: 3,
    urban: true,
    subdivisions: [
      '东华门街道', '景山街道', '交道口街道', '安定门街道', '北新桥街道', '东四街道', '朝阳门街道', '建国门街道',
      '东直门街道', '和平里街道', '前门街道', '崇文门外街道', '东花市街道', '龙潭街道', '体育馆路街道', '天坛街道',
      '永定门外街道',
    ],
  },
  {
    name: '西城区',
    extras: 3,
    urban: true,
    subdivisions: [
      '西长安街街道', '新街口街道', '月坛街道', '展览路街道', '德胜街道', '金融街街道', '什刹海街道', '大栅栏街道',
      '天桥街道', '椿树街道', '陶然亭街道', '广安门内街道', '牛街街道', '白纸坊街道', '广安门外街道',
    ],
  },
  {
    name: '朝阳区',
    extras: 4,
    urban: true,
    subdivisions: [
      '建外街道', '朝外街道', '呼家楼街道', '三里屯街道', '左家庄街道', '香河园街道', '和平街街道', '安贞街道',
      '亚运村街道', '小关街道', '酒仙桥街道', '麦子店街道', '团结湖街道', '六里屯街道', '八里庄街道', '双井街道',
      '劲松街道', '潘家园街道', '南磨房地区', '高碑店地区',
    ],
  },
  {
    name: '海淀区',
    extras: 4,
    urban: true,
    subdivisions: [
      '万寿路街道', '永定路街道', '羊坊店街道', '甘家口街道', '八里庄街道', '紫竹院街道', '北下关街道', '北太平庄街道',
      '学院路街道', '中关村街道', '海淀街道', '青龙桥街道', '清华园街道', '燕园街道', '香山街道', '清河街道',
      '温泉镇', '四季青镇', '西北旺镇', '苏家坨镇', '上庄镇',
    ],
  },
  {
    name: '丰台区',
    extras: 2,
    urban: true,
    subdivisions: [
      '右安门街道', '太平桥街道', '西罗园街道', '大红门街道', '南苑街道', '东高地街道', '东铁匠营街道', '六里桥街道',
      '丰台街道', '新村街道', '长辛店街道', '云岗街道', '马家堡街道', '卢沟桥街道', '王佐镇', '长辛店镇',
    ],
  },
  {
    name: '石景山区',
    extras: 1,
    urban: true,
    subdivisions: [
      '八宝山街道', '老山街道', '八角街道', '古城街道', '苹果园街道', '金顶街街道', '广宁街道', '五里坨街道', '鲁谷街道',
    ],
  },
  {
    name: '门头沟区',
    extras: 2,
    urban: false,
    subdivisions: [
      '大峪街道', '城子街道', '东辛房街道', '大台街道', '王平镇', '永定镇', '龙泉镇', '潭柘寺镇', '军庄镇',
      '妙峰山镇', '雁翅镇', '斋堂镇', '清水镇',
    ],
  },
  {
    name: '房山区',
    extras: 3,
    urban: false,
    subdivisions: [
      '城关街道', '新镇街道', '向阳街道', '东风街道', '迎风街道', '星城街道', '拱辰街道', '西潞街道', '良乡镇',
      '长阳镇', '琉璃河镇', '窦店镇', '周口店镇', '十渡镇', '佛子庄乡', '霞云岭乡', '蒲洼乡',
    ],
  },
  {
    name: '通州区',
    extras: 4,
    urban: false,
    subdivisions: [
      '中仓街道', '新华街道', '北苑街道', '玉桥街道', '宋庄镇', '张家湾镇', '漷县镇', '马驹桥镇', '西集镇', '台湖镇',
      '永乐店镇', '潞城镇', '于家务回族乡',
    ],
  },
  {
    name: '顺义区',
    extras: 3,
    urban: false,
    subdivisions: [
      '胜利街道', '光明街道', '石园街道', '空港街道', '双丰街道', '旺泉街道', '后沙峪镇', '天竺镇', '杨镇',
      '牛栏山镇', '南法信镇', '马坡镇', '高丽营镇', '李桥镇', '北小营镇', '赵全营镇',
    ],
  },
  {
    name: '昌平区',
    extras: 3,
    urban: false,
    subdivisions: [
      '城北街道', '城南街道', '回龙观街道', '龙泽园街道', '史各庄街道', '天通苑北街道', '天通苑南街道', '霍营街道',
      '南口镇', '马池口镇', '沙河镇', '阳坊镇', '小汤山镇', '北七家镇', '南邵镇', '十三陵镇',
    ],
  },
  {
    name: '大兴区',
    extras: 3,
    urban: false,
    subdivisions: [
      '兴丰街道', '林校路街道', '清源街道', '观音寺街道', '天宫院街道', '高米店街道', '亦庄镇', '黄村镇', '旧宫镇',
      '西红门镇', '瀛海镇', '青云店镇', '采育镇', '礼贤镇', '榆垡镇', '庞各庄镇',
    ],
  },
  {
    name: '怀柔区',
    extras: 2,
    urban: false,
    subdivisions: [
      '泉河街道', '龙山街道', '怀柔镇', '雁栖镇', '北房镇', '杨宋镇', '庙城镇', '桥梓镇', '怀北镇', '汤河口镇',
      '渤海镇', '九渡河镇', '琉璃庙镇', '宝山镇', '长哨营满族乡', '喇叭沟门满族乡',
    ],
  },
  {
    name: '平谷区',
    extras: 2,
    urban: false,
    subdivisions: [
      '滨河街道', '兴谷街道', '渔阳地区', '峪口地区', '马坊地区', '金海湖地区', '东高村镇', '山东庄镇', '南独乐河镇',
      '大华山镇', '夏各庄镇', '马昌营镇', '王辛庄镇', '刘家店镇', '黄松峪乡', '熊儿寨乡',
    ],
  },
  {
    name: '密云区',
    extras: 2,
    urban: false,
    subdivisions: [
      '鼓楼街道', '果园街道', '檀营地区', '密云镇', '溪翁庄镇', '西田各庄镇', '十里堡镇', '河南寨镇', '巨各庄镇',
      '穆家峪镇', '太师屯镇', '高岭镇', '不老屯镇', '古北口镇', '东邵渠镇', '石城镇',
    ],
  },
  {
    name: '延庆区',
    extras: 2,
    urban: false,
    subdivisions: [
      '百泉街道', '香水园街道', '儒林街道', '延庆镇', '康庄镇', '八达岭镇', '永宁镇', '旧县镇', '张山营镇', '四海镇',
      '千家店镇', '沈家营镇', '大榆树镇', '井庄镇', '大庄科乡', '刘斌堡乡', '香营乡', '珍珠泉乡',
    ],
  },
];

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** A 街道 is a STREET; everything else at that level (镇, 乡, 民族乡, 地区办事处) answers as a town-level government. */
const subdivisionKind = (shortName: string): OrgUnitKind => (shortName.endsWith('街道') ? 'STREET' : 'TOWN');

/**
 * The whole tree as a flat list, parents always before children. Returns fresh objects on every call so a
 * caller may mutate its copy without affecting the next seed run.
 */
export function buildOrgTree(): OrgUnitSeed[] {
  const units: OrgUnitSeed[] = [];

  units.push({ code: ROOT_CODE, name: `${CITY}人民政府`, shortName: CITY, kind: 'CITY_GOVERNMENT', parentCode: null, sortOrder: 1 });

  let rootChild = 0;
  units.push({
    code: `${ROOT_CODE}-GO`,
    name: `${CITY}人民政府办公厅`,
    shortName: '人民政府办公厅',
    kind: 'GENERAL_OFFICE',
    parentCode: ROOT_CODE,
    sortOrder: ++rootChild,
  });

  MUNICIPAL_DEPARTMENTS.forEach((shortName, i) => {
    units.push({
      code: `${ROOT_CODE}-D${pad(i + 1, 3)}`,
      name: `${CITY}${shortName}`,
      shortName,
      kind: 'MUNICIPAL_DEPARTMENT',
      parentCode: ROOT_CODE,
      sortOrder: ++rootChild,
    });
  });

  DISTRICTS.forEach((district, i) => {
    const districtCode = `${ROOT_CODE}-Q${pad(i + 1, 2)}`;
    units.push({
      code: districtCode,
      name: `${district.name}人民政府`,
      shortName: district.name,
      kind: 'DISTRICT_GOVERNMENT',
      parentCode: ROOT_CODE,
      sortOrder: ++rootChild,
    });

    let child = 0;
    units.push({
      code: `${districtCode}-GO`,
      name: `${district.name}人民政府办公室`,
      shortName: '人民政府办公室',
      kind: 'GENERAL_OFFICE',
      parentCode: districtCode,
      sortOrder: ++child,
    });

    const extras = (district.urban ? DISTRICT_URBAN_EXTRAS : DISTRICT_RURAL_EXTRAS).slice(0, district.extras);
    [...DISTRICT_CORE_DEPARTMENTS, ...extras].forEach((shortName, j) => {
      units.push({
        code: `${districtCode}-D${pad(j + 1, 2)}`,
        name: `${district.name}${shortName}`,
        shortName,
        kind: 'DISTRICT_DEPARTMENT',
        parentCode: districtCode,
        sortOrder: ++child,
      });
    });

    district.subdivisions.forEach((shortName, j) => {
      units.push({
        code: `${districtCode}-S${pad(j + 1, 2)}`,
        name: `${district.name}${shortName}`,
        shortName,
        kind: subdivisionKind(shortName),
        parentCode: districtCode,
        sortOrder: ++child,
      });
    });
  });

  return units;
}
