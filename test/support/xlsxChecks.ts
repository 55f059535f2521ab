/**
 * What "opens ready to read" means for an .xlsx export, checked on the file as Excel would open it:
 * a bold, frozen header row with the filter arrows over every column, widths that fit each column's
 * text (a CJK character counted as two), dates as date cells with a date format, numbers as numbers;
 * and the Chinese file name with the China date in Content-Disposition's RFC 5987 `filename*`.
 */
import ExcelJS from 'exceljs';

export async function openXlsx(bytes: Buffer | ArrayBuffer): Promise<ExcelJS.Worksheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as ArrayBuffer);
  return book.worksheets[0];
}

/** Independent of the writer's own count: code points in the CJK and full-width blocks are 2 wide. */
const widthOf = (s: string) => [...s].reduce((w, ch) => w + (/[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFF60\u{20000}-\u{3FFFD}]/u.test(ch) ? 2 : 1), 0);

export function expectReadyToRead(sheet: ExcelJS.Worksheet, kinds: { dates?: string[]; numbers?: string[] } = {}): void {
  const header = sheet.getRow(1);
  const headers: string[] = [];
  header.eachCell((c) => headers.push(String(c.value)));
  expect(headers.length).toBeGreaterThan(0);
  header.eachCell((c) => expect([c.address, c.font?.bold]).toEqual([c.address, true]));
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  const last = sheet.getColumn(headers.length).letter;
  expect(String(typeof sheet.autoFilter === 'string' ? sheet.autoFilter : JSON.stringify(sheet.autoFilter))).toMatch(new RegExp(`^A1:${last}1$|"A1".*"${last}1"`));
  headers.forEach((h, i) => {
    const col = sheet.getColumn(i + 1);
    let widest = widthOf(h);
    col.eachCell({ includeEmpty: false }, (cell, row) => {
      if (row === 1 || cell.value === null || cell.value === undefined) return;
      if (!(cell.value instanceof Date)) widest = Math.max(widest, widthOf(String(cell.value ?? '')));
      if (kinds.dates?.includes(h)) {
        expect([h, row, cell.value instanceof Date]).toEqual([h, row, true]);
        expect([h, cell.numFmt]).toEqual([h, expect.stringMatching(/yyyy-mm-dd/)]);
      }
      if (kinds.numbers?.includes(h)) expect([h, row, typeof cell.value]).toEqual([h, row, 'number']);
      if (!kinds.dates?.includes(h) && !kinds.numbers?.includes(h)) expect([h, row, typeof cell.value]).toEqual([h, row, 'string']);
    });
    expect([h, (col.width ?? 0) >= Math.min(widest, 60)]).toEqual([h, true]);
  });
}

/** The file name a browser saves: `filename*=UTF-8''…` decoded. */
export function savedFileName(disposition: string | null): string {
  const m = /filename\*=UTF-8''([^;]+)/.exec(disposition ?? '');
  expect(m).not.toBeNull();
  return decodeURIComponent(m![1]);
}

/** Today in China, as the export names it. */
export const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
