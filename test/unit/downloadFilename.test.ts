import { dispositionFilename } from '../../admin/src/providers/dispositionFilename';

describe("the console's downloads are saved under the server's file name", () => {
  test('when the server names the file in UTF-8 (RFC 6266), the Chinese name is decoded', () => {
    const header = `attachment; filename="tasks.xlsx"; filename*=UTF-8''${encodeURIComponent('待办任务-2026.xlsx')}`;
    expect(dispositionFilename(header, 'tasks.xlsx')).toBe('待办任务-2026.xlsx');
  });

  test('when the header has no UTF-8 name, or none at all, the fallback name is used', () => {
    expect(dispositionFilename('attachment; filename="x.xlsx"', 'tasks.xlsx')).toBe('tasks.xlsx');
    expect(dispositionFilename(null, 'report-tables.xlsx')).toBe('report-tables.xlsx');
  });

  test('when the encoded name is malformed, the file is still saved, under the fallback name', () => {
    expect(dispositionFilename("attachment; filename*=UTF-8''%E4%BD", 'tasks.xlsx')).toBe('tasks.xlsx');
  });
});
