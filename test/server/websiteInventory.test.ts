/**
 * The site inventory through the API: bad input refused with a stable code and a sentence, nothing
 * changed; a 644-site CSV or Excel file with bad rows refused as a whole with a report naming each row;
 * the fixed file imported in one go; the export read back; lists paged, sorted and filtered.
 */
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { ApiSession, startStack, type TestStack } from '../support/stack';
import { generateSites, multipart, toCsv, toXlsx, withBadRows, type FixtureUnit } from '../support/websiteFixtures';
import { createSite, newSite } from '../support/websites';
import { chinaToday, expectReadyToRead, savedFileName } from '../support/xlsxChecks';

let stack: TestStack;
let supervisor: ApiSession;
let districtSupervisor: ApiSession;
let clerk: ApiSession;
let units: FixtureUnit[];

beforeAll(async () => {
  stack = await startStack();
  supervisor = await ApiSession.login(stack.baseUrl, 'supervisor');
  districtSupervisor = await ApiSession.login(stack.baseUrl, 'dc-supervisor');
  clerk = await ApiSession.login(stack.baseUrl, 'street-clerk');
  const rows = await stack.prisma.orgUnit.findMany({ include: { parent: { select: { code: true } } }, orderBy: { path: 'asc' } });
  units = rows.map((u) => ({ code: u.code, name: u.name, kind: u.kind, parentCode: u.parent?.code ?? null }));
}, 120_000);

afterAll(async () => {
  await stack.stop();
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const q = (o: unknown) => encodeURIComponent(JSON.stringify(o));
const countZone = (zone: string) => stack.prisma.website.count({ where: { domain: { endsWith: zone } } });
const zoneOf = (domain: string) => domain.split('.').slice(-4).join('.');

describe('a single site', () => {
  it.each([
    ['a duplicate domain', (base: any) => ({ ...newSite('BJ-Q01-S01'), domain: base.domain.toUpperCase() }), 409, 'DUPLICATE_DOMAIN', '已在网站清单中'],
    ['a duplicate 网站标识码', (base: any) => ({ ...newSite('BJ-Q01-S01'), siteCode: base.siteCode }), 409, 'DUPLICATE_SITE_CODE', '网站标识码'],
    ['a malformed domain', () => ({ ...newSite('BJ-Q01-S01'), domain: 'http://www.example.gov.cn/index.html' }), 400, 'INVALID_DOMAIN', '格式不正确'],
    ['a domain with a bad label', () => ({ ...newSite('BJ-Q01-S01'), domain: '-bad-.gov.cn' }), 400, 'INVALID_DOMAIN', '格式不正确'],
    ['an unknown owner unit', () => newSite('BJ-X99'), 400, 'UNKNOWN_ORG_UNIT', '主办单位编码“BJ-X99”不存在'],
    ['a missing owner unit', () => ({ ...newSite('BJ-Q01-S01'), ownerUnitCode: undefined }), 400, 'VALIDATION_FAILED', '主办单位编码不能为空'],
    ['a malformed 网站标识码', () => ({ ...newSite('BJ-Q01-S01'), siteCode: '12345' }), 400, 'VALIDATION_FAILED', '网站标识码应为10位数字'],
    ['a malformed ICP备案号', () => ({ ...newSite('BJ-Q01-S01'), icpNumber: 'ICP 123' }), 400, 'VALIDATION_FAILED', 'ICP备案号格式'],
  ])('refuses %s with a stable code and a Chinese sentence, and adds nothing', async (_name, body, status, code, text) => {
    const base = await createSite(supervisor, 'BJ-Q01-S01');
    const before = await stack.prisma.website.count();

    const res = await supervisor.post('/api/websites', (body as (b: unknown) => Record<string, unknown>)(base));

    expect([res.status, res.body.error.code]).toEqual([status, code]);
    expect(res.body.error.message).toContain(text);
    expect(res.body.error.requestId).toBeTruthy();
    expect(await stack.prisma.website.count()).toBe(before);
  });

  it('stores a domain in lower case and filing numbers without spaces; a district supervisor cannot add a site of a city department', async () => {
    const body = { ...newSite('BJ-Q01-S02'), psbNumber: '京公网安备 11010502030143号' };
    const res = await supervisor.post('/api/websites', { ...body, domain: body.domain.toUpperCase() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ domain: body.domain, psbNumber: '京公网安备11010502030143号', status: 'RUNNING', ownerUnit: { code: 'BJ-Q01-S02' } });
    const foreign = await districtSupervisor.post('/api/websites', newSite('BJ-D001'));
    expect([foreign.status, foreign.body.error.code]).toEqual([400, 'UNKNOWN_ORG_UNIT']);
    const audit = await stack.prisma.auditEvent.findFirst({ where: { entityType: 'website', entityId: res.body.id, action: 'website.created' } });
    expect(audit?.actorLogin).toBe('supervisor');
  });
});

describe('importing 644 sites', () => {
  it('refuses a CSV with bad rows as a whole: the report names each bad row and its reason, and no site is added', async () => {
    const sites = generateSites(units);
    const { rows, bad } = withBadRows(sites);
    const { body, contentType } = multipart(toCsv(sites, rows), '网站清单.csv', 'text/csv');

    const res = await supervisor.send('/api/websites/import', body, contentType);

    expect([res.status, res.body.error.code]).toEqual([422, 'IMPORT_INVALID']);
    expect(res.body.error.message).toContain('未导入任何网站');
    const reported = res.body.error.details.errors.map((e: any) => ({ row: e.row, code: e.code }));
    // The duplicate pairs: the later row of each is reported (row 102 repeats 101's domain; 202 repeats 12's code).
    expect(reported).toEqual(bad);
    expect(res.body.error.details).toMatchObject({ total: 644, valid: 638 });
    expect(await countZone(zoneOf(sites[0].domain))).toBe(0);
  });

  it('refuses the same bad rows in an Excel file, then imports the fixed Excel file: 644 sites, one batch, every one audited', async () => {
    const sites = generateSites(units);
    const { rows, bad } = withBadRows(sites);
    const badFile = multipart(await toXlsx(sites, rows), '网站清单.xlsx', XLSX);
    const refused = await supervisor.send('/api/websites/import', badFile.body, badFile.contentType);
    expect(refused.body.error.details.errors.map((e: any) => ({ row: e.row, code: e.code }))).toEqual(bad);
    expect(await countZone(zoneOf(sites[0].domain))).toBe(0);

    const dry = multipart(await toXlsx(sites), '网站清单.xlsx', XLSX);
    const checked = await supervisor.send('/api/websites/import?dryRun=true', dry.body, dry.contentType);
    expect(checked.body).toMatchObject({ ok: true, dryRun: true, total: 644, created: 0 });
    expect(await countZone(zoneOf(sites[0].domain))).toBe(0);

    const good = multipart(await toXlsx(sites), '网站清单.xlsx', XLSX);
    const res = await supervisor.send('/api/websites/import', good.body, good.contentType);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, total: 644, created: 644, errors: [] });
    expect(await countZone(zoneOf(sites[0].domain))).toBe(644);
    const integrated = sites.filter((x) => x.targetDomain).length;
    expect(await stack.prisma.website.count({ where: { importBatch: res.body.importBatch, targetSiteId: { not: null } } })).toBe(integrated);
    const ids = (await stack.prisma.website.findMany({ where: { importBatch: res.body.importBatch }, select: { id: true } })).map((w) => w.id);
    expect(await stack.prisma.auditEvent.count({ where: { action: 'website.imported', entityId: { in: ids } } })).toBe(644);

    // Importing the same file again: every row is now a duplicate.
    const again = await supervisor.send('/api/websites/import', good.body, good.contentType);
    expect(again.status).toBe(422);
    expect(again.body.error.details.errors).toHaveLength(644 * 2);
  });

  it('exports what it imported, as CSV and as Excel, with the import\'s columns', async () => {
    const sites = generateSites(units).slice(0, 120);
    const file = multipart(toCsv(sites), 'sites.csv', 'text/csv');
    const imported = await supervisor.send('/api/websites/import', file.body, file.contentType);
    expect(imported.status).toBe(200);
    const filter = q({ importBatch: imported.body.importBatch });

    const csv = await supervisor.downloadFile(`/api/websites/export?format=csv&filter=${filter}`);
    const xlsx = await supervisor.downloadFile(`/api/websites/export?format=xlsx&filter=${filter}`);

    expect(csv.headers.get('content-type')).toContain('text/csv');
    const records: string[][] = parseCsv(csv.body, { bom: true });
    expect(records[0]).toEqual(['网站名称', '域名', '网站标识码', '党政机关网站标识', 'ICP备案号', '公安备案号', '主办单位编码', '主办单位', '整合目标域名', '状态']);
    expect(records.slice(1).map((r) => r[1]).sort()).toEqual(sites.map((x) => x.domain).sort());
    const byDomain = new Map(records.slice(1).map((r) => [r[1], r]));
    for (const x of sites) expect(byDomain.get(x.domain)).toEqual([x.name, x.domain, x.siteCode, x.partyGovMark, x.icpNumber, x.psbNumber, x.ownerUnitCode, x.ownerUnitName, x.targetDomain, '运行中']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(wb.worksheets[0].rowCount).toBe(121);
    // Ready to read: every column is text (a 网站标识码 keeps its digits as written), named in Chinese with the date.
    expectReadyToRead(wb.worksheets[0]);
    expect(savedFileName(xlsx.headers.get('content-disposition'))).toBe(`网站清单-${chinaToday()}.xlsx`);
    expect(savedFileName(csv.headers.get('content-disposition'))).toBe(`网站清单-${chinaToday()}.csv`);
  });

  it('refuses a file that is not a table of sites, and a request without a file', async () => {
    const junk = multipart(Buffer.from('a,b\n1,2\n'), 'x.csv', 'text/csv');
    const wrongHeader = await supervisor.send('/api/websites/import', junk.body, junk.contentType);
    const noFile = await supervisor.post('/api/websites/import', {});
    const notExcel = multipart(Buffer.from('not a zip'), 'x.xlsx', XLSX);
    const unreadable = await supervisor.send('/api/websites/import', notExcel.body, notExcel.contentType);
    const byClerk = await clerk.send('/api/websites/import', junk.body, junk.contentType);

    expect([wrongHeader.status, wrongHeader.body.error.code]).toEqual([400, 'IMPORT_BAD_HEADER']);
    expect(wrongHeader.body.error.message).toContain('缺少列：网站名称、域名、网站标识码、主办单位编码');
    expect([noFile.status, noFile.body.error.code]).toEqual([400, 'FILE_REQUIRED']);
    expect([unreadable.status, unreadable.body.error.code]).toEqual([400, 'IMPORT_UNREADABLE']);
    expect([byClerk.status, byClerk.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('the site list', () => {
  it('pages, sorts and filters by status, owner unit and subtree; a clerk sees only the sites of their unit', async () => {
    const sites = generateSites(units).slice(0, 200);
    const file = multipart(toCsv(sites), 'sites.csv', 'text/csv');
    const { body } = await supervisor.send('/api/websites/import', file.body, file.contentType);
    const batch = body.importBatch;
    const dongcheng = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-Q01' } });
    const street = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-Q01-S01' } });

    const page = await supervisor.get(`/api/websites?filter=${q({ importBatch: batch })}&sort=${q(['domain', 'DESC'])}&range=${q([0, 9])}`);
    const subtree = await supervisor.get(`/api/websites?filter=${q({ importBatch: batch, subtreeOf: dongcheng.id })}&range=${q([0, 499])}`);
    const owner = await supervisor.get(`/api/websites?filter=${q({ importBatch: batch, ownerUnitId: street.id })}`);
    const running = await supervisor.get(`/api/websites?filter=${q({ importBatch: batch, status: 'RUNNING' })}&range=${q([0, 0])}`);
    const retained = await supervisor.get(`/api/websites?filter=${q({ importBatch: batch, status: ['RETAINED', 'CLOSED'] })}`);
    const mine = await clerk.get(`/api/websites?filter=${q({ importBatch: batch })}&range=${q([0, 499])}`);
    const badSort = await supervisor.get(`/api/websites?sort=${q(['icpNumber', 'ASC'])}`);

    expect(page.headers.get('content-range')).toBe('websites 0-9/200');
    expect(page.body.map((w: any) => w.domain)).toEqual(sites.map((x) => x.domain).sort().reverse().slice(0, 10));
    const inDongcheng = sites.filter((x) => x.ownerUnitCode === 'BJ-Q01' || x.ownerUnitCode.startsWith('BJ-Q01-'));
    expect(subtree.body.map((w: any) => w.domain).sort()).toEqual(inDongcheng.map((x) => x.domain).sort());
    expect(owner.body.map((w: any) => w.domain)).toEqual(sites.filter((x) => x.ownerUnitCode === 'BJ-Q01-S01').map((x) => x.domain));
    expect(owner.body.length).toBeGreaterThan(0);
    expect(running.headers.get('content-range')).toBe('websites 0-0/200');
    expect(retained.body).toEqual([]);
    expect(mine.body.map((w: any) => w.ownerUnit.code)).toEqual(sites.filter((x) => x.ownerUnitCode === 'BJ-Q01-S01').map(() => 'BJ-Q01-S01'));
    expect([badSort.status, badSort.body.error.code]).toEqual([400, 'INVALID_SORT']);
  });
});
