/**
 * A realistic site inventory for tests and the benchmark, shaped like Shanghai's 644 → 78 (docs/domain.md §4):
 * 78 sites stay (the city portal, 16 district portals, 52 department sites, 9 special service sites);
 * the other 566 are department sub-sites, district department and street/town sites, most of them
 * integrated into the portal above them, some closed outright, a few asking to be kept (and refused).
 * Every run gets its own domains and 网站标识码 (a random run number), so runs never collide.
 */
import ExcelJS from 'exceljs';
import { WEBSITE_COLUMNS } from '../../domain/websites';

export interface FixtureUnit { code: string; name: string; kind: string; parentCode: string | null }
export interface FixtureSite {
  name: string; domain: string; siteCode: string; partyGovMark: string; icpNumber: string; psbNumber: string;
  ownerUnitCode: string; ownerUnitName: string; targetDomain: string; status: string;
  /** what the plan will say: KEEP (approved), KEEP-REFUSED (asks to keep, refused), INTEGRATE, CLOSE */
  intent: 'KEEP' | 'KEEP-REFUSED' | 'INTEGRATE' | 'CLOSE';
}

const SUB_SITES = ['政务公开专栏', '专题网站', '办事服务网', '信息公开平台', '数据开放网'];

export function generateSites(units: FixtureUnit[], run = Math.floor(10000 + Math.random() * 89999)): FixtureSite[] {
  const zone = `r${run}.bj.gov.cn`;
  let seq = 0;
  const code = () => `9${String(run).padStart(5, '0')}${String(++seq).padStart(4, '0')}`;
  const slug = (c: string) => c.toLowerCase();
  const site = (u: FixtureUnit, name: string, host: string, intent: FixtureSite['intent'], targetDomain = ''): FixtureSite => {
    const n = seq + 1;
    return {
      name, domain: `${host}.${zone}`, siteCode: code(),
      partyGovMark: n % 3 === 0 ? `党政机关网站标识${String(n).padStart(4, '0')}` : '',
      icpNumber: n % 7 === 0 ? '' : `京ICP备${String(run * 1000 + n).padStart(8, '0')}号-${(n % 4) + 1}`,
      psbNumber: n % 5 === 0 ? '' : `京公网安备${String(11010500000000 + run * 1000 + n)}号`,
      ownerUnitCode: u.code, ownerUnitName: u.name, targetDomain, status: '运行中', intent,
    };
  };
  const city = units.find((u) => u.kind === 'CITY_GOVERNMENT')!;
  const districts = units.filter((u) => u.kind === 'DISTRICT_GOVERNMENT');
  const departments = units.filter((u) => u.kind === 'MUNICIPAL_DEPARTMENT');
  const out: FixtureSite[] = [];

  // 78 that stay.
  const portal = site(city, `${city.name}门户网站`, 'www', 'KEEP');
  out.push(portal);
  const districtPortal = new Map<string, FixtureSite>();
  for (const d of districts) {
    const s = site(d, `${d.name}门户网站`, `www.${slug(d.code)}`, 'KEEP');
    districtPortal.set(d.code, s);
    out.push(s);
  }
  const deptSite = new Map<string, FixtureSite>();
  for (const d of departments) {
    const s = site(d, `${d.name}网站`, slug(d.code), 'KEEP');
    deptSite.set(d.code, s);
    out.push(s);
  }
  for (const [i, name] of ['政务服务网', '12345市民服务热线', '数据开放平台', '信用网', '政府采购网', '公共资源交易网', '人事考试网', '统计数据网', '应急信息网'].entries()) {
    out.push(site(city, `${city.name}${name}`, `svc${i + 1}`, 'KEEP'));
  }

  // 566 that go: two sub-sites per department into the department's site.
  for (const d of departments) {
    for (let k = 0; k < 2; k++) out.push(site(d, `${d.name}${SUB_SITES[k]}`, `${['zwgk', 'zt'][k]}.${slug(d.code)}`, 'INTEGRATE', deptSite.get(d.code)!.domain));
  }
  // District departments, streets and towns into their district's portal; every fourth closed outright.
  const local = units.filter((u) => ['DISTRICT_DEPARTMENT', 'STREET', 'TOWN'].includes(u.kind));
  for (const [i, u] of local.entries()) {
    const target = districtPortal.get(u.parentCode!)!;
    const intent = i % 50 === 7 ? 'KEEP-REFUSED' : i % 4 === 3 ? 'CLOSE' : 'INTEGRATE';
    out.push(site(u, `${u.name}网站`, slug(u.code), intent, intent === 'INTEGRATE' ? target.domain : ''));
  }
  // Special-topic sites of the district governments, two each, and the city's remaining topic sites.
  for (const d of districts) {
    for (let k = 0; k < 2; k++) out.push(site(d, `${d.name}${['政务公开专栏', '专题网站'][k]}`, `${['zwgk', 'zt'][k]}.${slug(d.code)}`, 'INTEGRATE', districtPortal.get(d.code)!.domain));
  }
  let k = 0;
  while (out.length < 644) out.push(site(city, `${city.name}专题网站${++k}`, `zt${k}`, k % 2 ? 'INTEGRATE' : 'CLOSE', k % 2 ? portal.domain : ''));
  return out.slice(0, 644);
}

/** The rows as the import reads them (Chinese headers, the export's columns). */
export function toRows(sites: FixtureSite[]): string[][] {
  return sites.map((s) => WEBSITE_COLUMNS.map(([, f]) => String((s as unknown as Record<string, string>)[f] ?? '')));
}

export function toCsv(sites: FixtureSite[], rows = toRows(sites)): Buffer {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const text = [WEBSITE_COLUMNS.map(([h]) => h), ...rows].map((r) => r.map(cell).join(',')).join('\n');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${text}\n`)]);
}

export async function toXlsx(sites: FixtureSite[], rows = toRows(sites)): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('网站清单');
  ws.addRow(WEBSITE_COLUMNS.map(([h]) => h));
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Six deliberately bad rows (spreadsheet row numbers: data row i is row i + 2): a duplicate domain, a
 * duplicate identifier, a malformed domain, an unknown owner unit, a malformed ICP number, an unknown target.
 */
export function withBadRows(sites: FixtureSite[]): { rows: string[][]; bad: Array<{ row: number; code: string }> } {
  const rows = toRows(sites);
  const col = (f: string) => WEBSITE_COLUMNS.findIndex(([, x]) => x === f);
  const bad: Array<{ row: number; code: string }> = [];
  const spoil = (i: number, field: string, value: string, code: string) => {
    rows[i][col(field)] = value;
    bad.push({ row: i + 2, code });
  };
  spoil(100, 'domain', rows[99][col('domain')], 'DUPLICATE_DOMAIN');
  spoil(200, 'siteCode', rows[10][col('siteCode')], 'DUPLICATE_SITE_CODE');
  spoil(300, 'domain', 'http://bad domain/网站', 'INVALID_DOMAIN');
  spoil(400, 'ownerUnitCode', 'BJ-X99', 'UNKNOWN_ORG_UNIT');
  spoil(500, 'icpNumber', 'ICP-12345', 'INVALID_FIELD');
  spoil(600, 'targetDomain', 'nowhere.example.gov.cn', 'UNKNOWN_TARGET_SITE');
  return { rows, bad };
}

/** A multipart body with one file field `file`, as a browser's form sends it. */
export function multipart(file: Buffer, fileName: string, contentType: string): { body: Buffer; contentType: string } {
  const boundary = `----govflow${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, file, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A completion that satisfies each closure stage's form, for drivers (tests, benchmark). */
export function stageResult(stageKey: string, payload: { domain?: string; targetSite?: { domain: string } | null }): { result?: Record<string, unknown>; comment?: string } {
  const ref = (what: string) => ({ reference: `京网办注〔2026〕${what}号` });
  switch (stageKey) {
    case 'application':
      return { result: { migrationPlan: [
        { item: '政务公开栏目', kind: 'content', target: `${payload.targetSite?.domain ?? '上级门户'} 政府信息公开` },
        { item: '在线办事入口', kind: 'service', target: `${payload.targetSite?.domain ?? '上级门户'} 办事服务` },
      ] } };
    case 'public-notice':
      return { result: { oldSiteNoticeUrl: `https://${payload.domain}/notice.html`, targetSiteNoticeUrl: `https://${payload.targetSite?.domain ?? 'www.beijing.gov.cn'}/tzgg/closure.html` } };
    case 'identifier-deregistration':
      return { result: { siteCodeEvidence: ref('标识1'), partyGovMarkEvidence: ref('标识2') } };
    case 'filing-deregistration':
      return { result: { icpEvidence: ref('备案1'), psbEvidence: ref('备案2') } };
    case 'domain-deregistration':
      return { result: { domainEvidence: ref('域名1') } };
    case 'follow-up-30':
    case 'follow-up-90':
      return { result: { siteDown: true, noNewUnapprovedSite: true } };
    case 'retention-application':
      return { result: { justification: '该网站承担全市统一的政务服务功能，访问量大，整合后将影响企业群众办事，申请保留。' } };
    default:
      return { comment: '同意' };
  }
}
