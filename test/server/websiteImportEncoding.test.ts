/**
 * A site inventory saved by Chinese Excel or WPS as "CSV (逗号分隔)" (GBK/GB18030) imports like a UTF-8
 * one through the API, rare characters in names intact; a file of an unknown encoding is refused with
 * IMPORT_ENCODING_UNKNOWN, a sentence naming the accepted encodings, no mojibake, and nothing written.
 */
import iconv from 'iconv-lite';
import { WEBSITE_COLUMNS } from '../../domain/websites';
import { ApiSession, startStack, type TestStack } from '../support/stack';
import { generateSites, multipart, toRows, type FixtureUnit } from '../support/websiteFixtures';

let stack: TestStack;
let supervisor: ApiSession;
let units: FixtureUnit[];

beforeAll(async () => {
  stack = await startStack();
  supervisor = await ApiSession.login(stack.baseUrl, 'supervisor');
  const rows = await stack.prisma.orgUnit.findMany({ include: { parent: { select: { code: true } } }, orderBy: { path: 'asc' } });
  units = rows.map((u) => ({ code: u.code, name: u.name, kind: u.kind, parentCode: u.parent?.code ?? null }));
}, 120_000);

afterAll(async () => {
  await stack.stop();
});

const csvText = (rows: string[][]) => [WEBSITE_COLUMNS.map(([h]) => h), ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
const RARE = ['堃', '喆', '淼'];

it('imports a GBK CSV with 堃, 喆 and 淼 in names, and a GB18030 one with 䶮 and 𠀀, as UTF-8 would', async () => {
  const sites = generateSites(units).slice(0, 4);
  sites.forEach((s, i) => { s.name = `${RARE[i % 3]}${s.name}`; s.ownerUnitName = `${RARE[(i + 1) % 3]}${s.ownerUnitName}`; s.targetDomain = ''; });
  const gbk = multipart(iconv.encode(csvText(toRows(sites.slice(0, 2))), 'gbk'), '网站清单.csv', 'text/csv');
  const res = await supervisor.send('/api/websites/import', gbk.body, gbk.contentType);
  expect([res.status, res.body.created]).toEqual([200, 2]);

  const rare = sites.slice(2);
  rare[0].name = `䶮${rare[0].name}`;
  rare[1].name = `𠀀${rare[1].name}`;
  const gb = multipart(iconv.encode(csvText(toRows(rare)), 'gb18030'), '网站清单.csv', 'text/csv');
  const res2 = await supervisor.send('/api/websites/import', gb.body, gb.contentType);
  expect([res2.status, res2.body.created]).toEqual([200, 2]);

  const stored = await stack.prisma.website.findMany({ where: { domain: { in: sites.map((s) => s.domain) } }, orderBy: { domain: 'asc' } });
  expect(stored.map((s) => [s.domain, s.name]).sort()).toEqual(sites.map((s) => [s.domain, s.name]).sort());
}, 60_000);

it('refuses a CSV of neither encoding with a sentence naming UTF-8 and GBK/GB18030, without mojibake, and writes nothing', async () => {
  const sites = generateSites(units).slice(0, 2);
  const big5 = iconv.encode(csvText(toRows(sites)).replace(/网站/g, '網站'), 'big5');
  const broken = Buffer.concat([iconv.encode(csvText(toRows(sites)), 'gbk'), Buffer.from([0xff, 0xfe, 0x80])]);
  for (const bytes of [big5, broken]) {
    const file = multipart(bytes, 'x.csv', 'text/csv');
    const res = await supervisor.send('/api/websites/import', file.body, file.contentType);
    expect([res.status, res.body.error.code]).toEqual([400, 'IMPORT_ENCODING_UNKNOWN']);
    expect(res.body.error.message).toMatch(/UTF-8.*GBK\/GB18030/);
    expect(res.body.error.message).not.toMatch(/[\uFFFD]/);
    expect(JSON.stringify(res.body)).not.toContain(iconv.decode(big5, 'gb18030').slice(0, 4));
  }
  expect(await stack.prisma.website.count({ where: { domain: { in: sites.map((s) => s.domain) } } })).toBe(0);
}, 60_000);
