/**
 * Report texts for the duplication check's tests and benchmark: a seeded generator writes section texts of
 * a chosen length from a phrase vocabulary in the register reports use, so each unit's text is its own
 * (few sentences repeat by chance) and a copied report can be made on purpose.
 */
import type { DuplicationDoc } from '../../domain/annual-report';
import type { SectionKey } from '../../domain/annual-report';

const SUBJECTS = ['本单位', '我局', '我委', '区政府办公室', '街道办事处', '本机关', '我中心', '镇政府'];
const ACTIONS = ['持续深化', '扎实推进', '全面落实', '不断完善', '进一步规范', '着力加强', '统筹推进', '认真做好'];
const OBJECTS = ['主动公开工作', '依申请公开办理', '政府信息管理', '政府网站平台建设', '政策解读回应', '公开目录动态调整', '保密审查机制', '政务新媒体管理', '监督保障制度', '基层政务公开标准化'];
const MEANS = ['围绕重点领域信息公开', '结合年度工作要点', '按照条例规定', '依托政府门户网站', '通过政务公开专区', '坚持问题导向', '对照考核指标', '聚焦群众关切'];
const RESULTS = ['公开质量明显提升', '办理时限全部符合规定', '群众满意度不断提高', '制度体系更加健全', '信息发布更加及时准确', '解读形式更加丰富', '工作机制运行顺畅'];

/** A small deterministic PRNG (mulberry32), so a seed gives the same corpus on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]) => xs[Math.floor(r() * xs.length)];

/** One sentence; the numbers make most sentences unique to their unit even from the same phrases. */
export function sentence(r: () => number): string {
  const n = 1 + Math.floor(r() * 900);
  return `${pick(r, SUBJECTS)}${pick(r, MEANS)}，${pick(r, ACTIONS)}${pick(r, OBJECTS)}${pick(r, ['和', '与', '及'])}${pick(r, OBJECTS)}，全年${pick(r, ['发布', '梳理', '办理', '更新', '审查'])}相关信息${n}条，${pick(r, RESULTS)}（${String.fromCharCode(0x4e00 + Math.floor(r() * 2000))}${String.fromCharCode(0x4e00 + Math.floor(r() * 2000))}）。`;
}

/** About `chars` characters of text. */
export function textOf(r: () => number, chars: number): string {
  let out = '';
  while (out.length < chars) out += sentence(r);
  return out;
}

/** A report's narrative sections totalling about `chars` characters (一 is the longest, as in real reports). */
export function reportSections(seed: number, chars: number): Record<SectionKey, string> {
  const r = prng(seed);
  return {
    s1: textOf(r, Math.round(chars * 0.6)),
    s2: '', s3: '', s4: '',
    s5: `存在的主要问题：${textOf(r, Math.round(chars * 0.25))}下一步将加强改进。`,
    s6: `本年度未收取信息处理费。${textOf(r, Math.round(chars * 0.15))}`,
  };
}

/**
 * A campaign of `units` reports of `minChars`–`maxChars` characters (year `year`, unit `u<n>`), and, when
 * `lastYear`, each unit's report of the year before. Deterministic for a seed.
 */
export function campaignCorpus(units: number, opts: { year?: number; minChars?: number; maxChars?: number; lastYear?: boolean; seed?: number } = {}): DuplicationDoc[] {
  const year = opts.year ?? 2025;
  const min = opts.minChars ?? 5000;
  const max = opts.maxChars ?? 20000;
  const r = prng(opts.seed ?? 1);
  const docs: DuplicationDoc[] = [];
  for (let u = 0; u < units; u++) {
    const chars = min + Math.floor(r() * (max - min));
    docs.push({ id: `${year}/u${u}`, unitId: `u${u}`, year, label: `单位${u}`, sections: reportSections(1000 + u, chars) });
    if (opts.lastYear) docs.push({ id: `${year - 1}/u${u}`, unitId: `u${u}`, year: year - 1, label: `单位${u}`, sections: reportSections(500_000 + u, chars) });
  }
  return docs;
}

/**
 * A nearly copied report: `share` of another report's sentences taken over with their figures changed
 * (the digits differ, the words are the same), the rest written anew.
 */
export function nearCopy(of: DuplicationDoc, as: { id: string; unitId: string; year: number }, share: number, seed = 7): DuplicationDoc {
  const r = prng(seed);
  const sections: Partial<Record<SectionKey, string>> = {};
  for (const [k, text] of Object.entries(of.sections) as [SectionKey, string][]) {
    if (!text) { sections[k] = text; continue; }
    const parts = text.split(/(?<=。)/);
    sections[k] = parts.map((p) => (r() < share ? p.replace(/\d+/g, (d) => String(Number(d) + 17)) : sentence(r))).join('');
  }
  return { ...as, label: `单位${as.unitId}`, sections };
}
