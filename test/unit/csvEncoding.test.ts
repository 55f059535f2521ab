/**
 * Reading a CSV's encoding from its bytes: UTF-8 (with or without BOM) and GBK/GB18030 written by a real
 * encoder (iconv-lite, as Chinese Excel and WPS write "CSV (逗号分隔)"); anything else refused with
 * IMPORT_ENCODING_UNKNOWN and a sentence that names the accepted encodings and echoes none of the bytes.
 */
import iconv from 'iconv-lite';
import { AppError } from '../../server/errors';
import { decodeCsv, parseSheet } from '../../server/services/spreadsheets';

const HEADER = ['网站名称', '网站域名', '主办单位名称'];
const ROWS = [
  ['张堃工作室网站', 'a.gov.cn', '喆淼街道办事处'],
  ['䶮字测试网站', 'b.gov.cn', '𠀀𠀁研究所'],
];
const csv = (rows: string[][]) => [HEADER, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
const knownHeader = (h: string[]) => h.includes('网站名称');

const refusal = (f: () => unknown): AppError => {
  try {
    f();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a refusal');
};

describe('decodeCsv', () => {
  it('reads UTF-8 with and without BOM as UTF-8, rare characters intact', async () => {
    const plain = Buffer.from(csv(ROWS), 'utf8');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), plain]);
    expect(decodeCsv(plain, knownHeader).encoding).toBe('utf-8');
    expect(decodeCsv(bom, knownHeader).encoding).toBe('utf-8');
    const sheet = await parseSheet(bom, 'csv', knownHeader);
    expect(sheet.headers).toEqual(HEADER);
    expect(sheet.rows.map((r) => r.cells)).toEqual(ROWS);
  });

  it('reads a GBK file (Chinese Excel\'s "CSV (逗号分隔)") with 堃, 喆 and 淼 in names', async () => {
    const gbkRows = [ROWS[0]];
    const bytes = iconv.encode(csv(gbkRows), 'gbk');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow(); // really not UTF-8
    expect(decodeCsv(bytes, knownHeader).encoding).toBe('gb18030');
    const sheet = await parseSheet(bytes, 'csv', knownHeader);
    expect(sheet.headers).toEqual(HEADER);
    expect(sheet.rows.map((r) => r.cells)).toEqual(gbkRows);
  });

  it('reads a GB18030 file holding 䶮 and characters of the 𠀀 range that only GB18030 can hold', async () => {
    const bytes = iconv.encode(csv(ROWS), 'gb18030');
    expect(iconv.encode('𠀀', 'gbk').equals(iconv.encode('𠀀', 'gb18030'))).toBe(false); // GBK cannot hold it
    const sheet = await parseSheet(bytes, 'csv', knownHeader);
    expect(sheet.rows.map((r) => r.cells)).toEqual(ROWS);
  });

  it('refuses bytes that are neither UTF-8 nor GB18030, naming the accepted encodings and echoing none of the bytes', () => {
    const bytes = Buffer.concat([iconv.encode('网站名称,', 'gbk'), Buffer.from([0xff, 0x80, 0xff]), Buffer.from('\r\n')]);
    const e = refusal(() => decodeCsv(bytes, knownHeader));
    expect([e.code, e.status]).toEqual(['IMPORT_ENCODING_UNKNOWN', 400]);
    expect(e.message).toMatch(/UTF-8.*GBK\/GB18030/);
    expect(e.message).not.toContain('\uFFFD');
    expect(e.message).not.toContain('网站名称');
  });

  it('refuses a file of another encoding that GB18030 happens to decode (Big5) when its header is not one the import knows', () => {
    const bytes = iconv.encode(csv(ROWS.map((r) => r.map((c) => c.replace(/[䶮𠀀𠀁堃喆淼]/gu, '')))).replace(/网站名称/g, '網站名稱'), 'big5');
    const decoded = iconv.decode(bytes, 'gb18030');
    expect(decoded).not.toContain('\uFFFD'); // GB18030 "reads" it, as mojibake
    const e = refusal(() => decodeCsv(bytes, knownHeader));
    expect(e.code).toBe('IMPORT_ENCODING_UNKNOWN');
    expect(e.message).not.toContain(decoded.split(',')[0]);
  });

  it('with no header check, keeps a clean GB18030 reading', () => {
    expect(decodeCsv(iconv.encode('单位,数\r\n淼,1\r\n', 'gbk')).text).toBe('单位,数\r\n淼,1\r\n');
  });
});
