/**
 * Tables 二–四 through an .xlsx laid out like the template: the one layout (domain/annual-report/xlsxLayout.ts)
 * covers every cell of the template once, a full report survives the round trip cell by cell, and a file
 * with bad cells is refused with each bad cell named by its sheet and A1 reference.
 */
import ExcelJS from 'exceljs';
import { createEmptyReport, TABLE_PROPS, TABLES, XLSX_LAYOUT, XLSX_VALUE_CELLS, type AnnualReportContent } from '../../domain/annual-report';
import { readReportTables, writeReportTables } from '../../server/services/reportTablesXlsx';

/** A report whose every cell holds a different number (the amount to the fen), so a swapped cell shows. */
function distinctReport(): AnnualReportContent {
  const report = createEmptyReport();
  let n = 1;
  for (const c of XLSX_VALUE_CELLS) {
    const table = report[TABLE_PROPS[c.table]] as unknown as Record<string, Record<string, number>>;
    table[c.row][c.column] = c.kind === 'amount' ? 1234.567891 : n++;
  }
  report.sections.s1 = '总体情况';
  return report;
}

async function edit(buffer: Buffer, change: (book: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ArrayBuffer);
  change(book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('the 表二–表四 workbook layout', () => {
  it('places every cell of the template exactly once, each at its own reference on its table\'s sheet', () => {
    const expected = Object.values(TABLES).flatMap((t) => t.rows.flatMap((r) => r.columns.map((c) => `${t.key}.${r.key}.${c}`)));
    const laid = XLSX_VALUE_CELLS.map((c) => `${c.table}.${c.row}.${c.column}`);
    expect(laid.sort()).toEqual(expected.sort());
    for (const sheet of XLSX_LAYOUT) {
      const refs = [...sheet.values.map((v) => v.ref), ...sheet.texts.map((t) => t.ref)];
      expect(new Set(refs).size).toBe(refs.length);
    }
    expect(XLSX_LAYOUT.map((s) => s.sheet)).toEqual(['表二', '表三', '表四']);
  });

  it('when a full report is written and read back, every cell comes back as it was', async () => {
    const report = distinctReport();
    const read = await readReportTables(await writeReportTables(report));
    if (!read.ok) throw new Error(JSON.stringify(read.cells));
    expect(read.tables).toEqual({ t2: report.t2, t3: report.t3, t4: report.t4 });
    for (const c of XLSX_VALUE_CELLS) {
      const back = (read.tables[TABLE_PROPS[c.table]] as unknown as Record<string, Record<string, number>>)[c.row][c.column];
      const sent = (report[TABLE_PROPS[c.table]] as unknown as Record<string, Record<string, number>>)[c.row][c.column];
      expect({ ref: c.ref, value: back }).toEqual({ ref: c.ref, value: sent });
    }
  });

  it('writes the template\'s headings where a clerk looks for them and each number as a number cell', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await writeReportTables(distinctReport())) as unknown as ArrayBuffer);
    const t3 = book.getWorksheet('表三')!;
    expect(t3.getCell('A1').value).toBe('三、收到和处理政府信息公开申请情况');
    expect(t3.getCell('D2').value).toBe('申请人情况');
    expect(t3.getCell('E3').value).toBe('法人或其他组织');
    expect(t3.getCell('C5').value).toBe('一、本年新收政府信息公开申请数量');
    expect(typeof t3.getCell('D5').value).toBe('number');
    const t2 = book.getWorksheet('表二')!;
    expect([t2.getCell('A2').value, t2.getCell('B3').value, t2.getCell('A4').value]).toEqual(['第二十条第（一）项', '本年制发件数', '规章']);
    const t4 = book.getWorksheet('表四')!;
    expect([t4.getCell('A2').value, t4.getCell('F2').value, t4.getCell('F3').value, t4.getCell('O4').value]).toEqual(['行政复议', '行政诉讼', '未经复议直接起诉', '总计']);
  });

  it('reads figures as clerks type them: thousands separators, full-width digits, formulas with their result', async () => {
    const file = await edit(await writeReportTables(distinctReport()), (book) => {
      const t3 = book.getWorksheet('表三')!;
      t3.getCell('D5').value = '1,234';
      t3.getCell('E5').value = '１２';
      t3.getCell('F5').value = { formula: 'D5+1', result: 7 } as ExcelJS.CellFormulaValue;
    });
    const read = await readReportTables(file);
    if (!read.ok) throw new Error(JSON.stringify(read.cells));
    expect(read.tables.t3.newReceived).toMatchObject({ natural: 1234, commercial: 12, research: 7 });
  });

  it('when cells are bad, lists every one by sheet and reference and returns no tables', async () => {
    const file = await edit(await writeReportTables(distinctReport()), (book) => {
      const t2 = book.getWorksheet('表二')!;
      const fees = XLSX_VALUE_CELLS.find((c) => c.row === 'fees')!.ref;
      t2.getCell(fees).value = 1.1234567;
      t2.getCell('A4').value = '规章（改）';
      const t3 = book.getWorksheet('表三')!;
      t3.getCell('D7').value = 'abc';
      t3.getCell('E8').value = -1;
      t3.getCell('F9').value = 2.5;
      t3.getCell('G10').value = null;
    });
    const read = await readReportTables(file);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    const feesRef = XLSX_VALUE_CELLS.find((c) => c.row === 'fees')!.ref;
    expect(read.cells.map((c) => `${c.sheet}!${c.cell}`).sort()).toEqual([`表二!${feesRef}`, '表二!A4', '表三!D7', '表三!E8', '表三!F9', '表三!G10'].sort());
    const by = (ref: string) => read.cells.find((c) => c.cell === ref)!.message;
    expect(by('D7')).toMatch(/表三 （一）予以公开 · 自然人应填写非负整数，现为文字/);
    expect(by('E8')).toMatch(/负数/);
    expect(by('F9')).toMatch(/小数 2\.5/);
    expect(by('G10')).toMatch(/未填写.*没有的填 0/);
    expect(by(feesRef)).toMatch(/超过 6 位小数/);
    expect(by('A4')).toMatch(/应为表头“规章”/);
  });

  it('when a sheet is missing or renamed, names the missing sheet', async () => {
    const file = await edit(await writeReportTables(distinctReport()), (book) => { book.getWorksheet('表四')!.name = 'Sheet3'; });
    const read = await readReportTables(file);
    expect(read).toEqual({ ok: false, cells: [expect.objectContaining({ sheet: '表四', cell: 'A1', message: expect.stringContaining('没有名为“表四”的工作表') })] });
  });

  it('refuses bytes that are not an .xlsx with IMPORT_UNREADABLE', async () => {
    await expect(readReportTables(Buffer.from('自然人,商业企业\n1,2\n'))).rejects.toMatchObject({ code: 'IMPORT_UNREADABLE', status: 400 });
  });
});
