/**
 * Reading a block pasted from Excel or WPS into 表二–表四: tabs and line breaks, thousands separators,
 * full-width digits, empty cells, cells that cannot be read, and where the block lands from the focused cell.
 */
import { pasteLayout, planPaste, readPastedNumber, splitClipboard, T3_COLUMN_KEYS, T3_ROW_KEYS } from '../../../domain/annual-report';

describe('splitClipboard', () => {
  it('splits rows on CRLF or LF and cells on tabs; Excel\'s final line break is not a row; empty cells stay', () => {
    expect(splitClipboard('1\t2\t3\r\n4\t\t6\r\n')).toEqual([['1', '2', '3'], ['4', '', '6']]);
    expect(splitClipboard('7\n8')).toEqual([['7'], ['8']]);
    expect(splitClipboard('"1,234"\t"a""b"\n')).toEqual([['1,234', 'a"b']]);
  });
});

describe('readPastedNumber', () => {
  it('reads thousands separators, full-width digits and spaces; an empty cell is empty', () => {
    expect(readPastedNumber('1,234', 'count')).toBe('1234');
    expect(readPastedNumber('１２，３４５', 'count')).toBe('12345');
    expect(readPastedNumber(' 12 ', 'count')).toBe('12');
    expect(readPastedNumber('', 'count')).toBe('');
    expect(readPastedNumber('\u3000', 'count')).toBe('');
    expect(readPastedNumber('007', 'count')).toBe('7');
    expect(readPastedNumber('3.0', 'count')).toBe('3');
    expect(readPastedNumber('1,234.5', 'amount')).toBe('1234.5');
    expect(readPastedNumber('０．７５', 'amount')).toBe('0.75');
  });

  it('refuses what a cell may not hold: text, negatives, fractions of a count, misplaced separators', () => {
    for (const raw of ['十二', '-3', '12,34', '1.5', 'N/A', '1 2a', '#REF!']) expect([raw, readPastedNumber(raw, 'count')]).toEqual([raw, null]);
    expect(readPastedNumber('-1.5', 'amount')).toBeNull();
  });
});

describe('planPaste', () => {
  it('fills 表三 from the focused cell rightwards and downwards, reporting the unread cell and leaving it out', () => {
    const text = '1,200\t３\t\r\n5\tabc\t7\r\n';
    const plan = planPaste('T3', { row: T3_ROW_KEYS[0], column: T3_COLUMN_KEYS[1] }, text);
    expect(plan.cells.map((c) => [c.row, c.column, c.value])).toEqual([
      [T3_ROW_KEYS[0], T3_COLUMN_KEYS[1], '1200'], [T3_ROW_KEYS[0], T3_COLUMN_KEYS[2], '3'], [T3_ROW_KEYS[0], T3_COLUMN_KEYS[3], ''],
      [T3_ROW_KEYS[1], T3_COLUMN_KEYS[1], '5'], [T3_ROW_KEYS[1], T3_COLUMN_KEYS[3], '7'],
    ]);
    expect(plan.unread).toEqual([{ table: 'T3', row: T3_ROW_KEYS[1], column: T3_COLUMN_KEYS[2], raw: 'abc' }]);
    expect(plan.outside).toBe(0);
  });

  it('counts the cells that fall beyond the table\'s edge and writes none of them', () => {
    const lastCol = T3_COLUMN_KEYS[T3_COLUMN_KEYS.length - 1];
    const plan = planPaste('T3', { row: T3_ROW_KEYS[T3_ROW_KEYS.length - 1], column: lastCol }, '1\t2\n3\t\n');
    expect(plan.cells.map((c) => c.value)).toEqual(['1']);
    expect(plan.outside).toBe(2);
  });

  it('lays 表四 out as one line of fifteen cells and 表二 one line per item, as the form draws them', () => {
    expect(pasteLayout('T4').map((l) => l.length)).toEqual([15]);
    expect(pasteLayout('T2').map((l) => l.length)).toEqual([3, 3, 1, 1, 1, 1]);
    const t4 = pasteLayout('T4')[0];
    const plan = planPaste('T4', t4[4], '1\t2\t3');
    expect(plan.cells.map((c) => `${c.row}.${c.column}`)).toEqual([4, 5, 6].map((i) => `${t4[i].row}.${t4[i].column}`));
  });
});
