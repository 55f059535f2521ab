/**
 * The shared export writer on its own: widths count CJK characters as two, typed cells, the header's
 * style, and the Content-Disposition a browser saves as a Chinese file name with the China date.
 */
import { attachmentDisposition, displayWidth, exportFileName, writeXlsx } from '../../server/services/xlsxExport';
import { expectReadyToRead, openXlsx, savedFileName } from '../support/xlsxChecks';

describe('the export writer', () => {
  it('counts a CJK character (堃, 𠀀 included) as two columns and a Latin one as one', () => {
    expect([displayWidth('abc'), displayWidth('单位'), displayWidth('堃𠀀'), displayWidth('１２')]).toEqual([3, 4, 4, 4]);
  });

  it('writes a sheet whose long Chinese names fit, dates are date cells and numbers are numbers', async () => {
    const rows = [{ unit: '北京市东城区人民政府办公室政务公开科', n: 12, at: new Date('2026-12-01T02:30:00Z'), day: '2026-12-31' }, { unit: '淼', n: 0, at: null, day: '' }];
    const bytes = await writeXlsx('测试', [
      { header: '单位', kind: 'text', value: (r: (typeof rows)[number]) => r.unit },
      { header: '数量', kind: 'number', value: (r) => r.n },
      { header: '时间', kind: 'datetime', value: (r) => r.at },
      { header: '日期', kind: 'date', value: (r) => r.day },
    ], rows);
    const sheet = await openXlsx(bytes);
    expectReadyToRead(sheet, { dates: ['时间', '日期'], numbers: ['数量'] });
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(36);
    expect((sheet.getCell('C2').value as Date).toISOString()).toBe('2026-12-01T10:30:00.000Z'); // China wall-clock
    expect((sheet.getCell('D2').value as Date).toISOString()).toBe('2026-12-31T00:00:00.000Z');
    expect(sheet.getCell('B3').value).toBe(0);
  });

  it('names the file in Chinese with the China date, as RFC 5987 filename* with an ASCII fallback', () => {
    const name = exportFileName('逾期待办', 'xlsx', new Date('2026-11-30T17:00:00Z')); // 01:00 on 1 December in China
    expect(name).toBe('逾期待办-2026-12-01.xlsx');
    const header = attachmentDisposition(name, 'tasks.xlsx');
    expect(header).toMatch(/^attachment; filename="tasks\.xlsx"; filename\*=UTF-8''[\x21-\x7e]+$/);
    expect(savedFileName(header)).toBe('逾期待办-2026-12-01.xlsx');
    expect(exportFileName('a/b:c', 'csv', new Date('2026-01-01T00:00:00Z'))).toBe('a_b_c-2026-01-01.csv');
  });
});
