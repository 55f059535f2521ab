/** The inventory's formats: domains (with 中文域名), 网站标识码, ICP备案号, 公安备案号, status labels. */
import { domainToASCII } from 'node:url';
import { ICP_NUMBER, normaliseDomain, parseStatus, PSB_NUMBER, SITE_CODE, websiteFields } from '../../../domain/websites';

const norm = (d: string) => normaliseDomain(d, domainToASCII);

describe('a site\'s domain', () => {
  it('is stored lower case, without a trailing dot', () => {
    expect(norm(' WWW.Beijing.GOV.CN. ')).toBe('www.beijing.gov.cn');
  });

  it('turns a Chinese domain (.政务) into its punycode form', () => {
    expect(norm('北京市人民政府.政务')).toMatch(/^xn--[a-z0-9-]+\.xn--[a-z0-9-]+$/);
  });

  it.each(['http://www.beijing.gov.cn', 'www.beijing.gov.cn/index.html', 'www beijing.gov.cn', '-www.beijing.gov.cn', 'localhost', 'www.beijing.gov.c', 'a..b.gov.cn', 'www.beijing.gov.cn:8080', ''])(
    'refuses %j', (d) => {
      expect(norm(d)).toBeNull();
    });
});

describe('identifiers and filings', () => {
  it.each([['1100000088', true], ['bm01000001', true], ['110000008', false], ['BM01000001', false], ['11000000880', false]])('网站标识码 %s: %s', (v, ok) => {
    expect(SITE_CODE.test(v)).toBe(ok);
  });
  it.each([['京ICP备05060933号', true], ['京ICP备2021012345号-1', true], ['ICP备05060933号', false], ['京ICP备05060933', false]])('ICP备案号 %s: %s', (v, ok) => {
    expect(ICP_NUMBER.test(v)).toBe(ok);
  });
  it.each([['京公网安备11010502030143号', true], ['京公网安备1101050203014号', false], ['公网安备11010502030143号', false]])('公安备案号 %s: %s', (v, ok) => {
    expect(PSB_NUMBER.test(v)).toBe(ok);
  });
  it('takes a 公安备案号 typed with a space, and leaves optional fields out when blank', () => {
    const r = websiteFields.parse({ name: '网站', domain: 'a.gov.cn', siteCode: '1100000088', ownerUnitCode: 'BJ', psbNumber: '京公网安备 11010502030143号', icpNumber: ' ', partyGovMark: '' });
    expect(r).toMatchObject({ psbNumber: '京公网安备11010502030143号' });
    expect(r.icpNumber).toBeUndefined();
    expect(r.partyGovMark).toBeUndefined();
  });
});

describe('status labels', () => {
  it('reads the label or the code; an empty cell is no status; anything else is unknown', () => {
    expect(parseStatus('运行中')).toBe('RUNNING');
    expect(parseStatus('RETAINED')).toBe('RETAINED');
    expect(parseStatus(' ')).toBeUndefined();
    expect(parseStatus('停用')).toBeNull();
  });
});
