/**
 * Numbers as published reports print them (docs/domain.md §2 R7): counts are whole numbers ≥ 0; the one
 * amount (表二 行政事业性收费, 万元) is a decimal ≥ 0 printed to the fen, i.e. up to six decimals of 万元,
 * kept exactly as printed: never rounded, never refused for its precision. A clerk may type or paste a
 * value as the printed report shows it: thousands separators (1,234), full-width digits (１２３), spaces.
 * Pure, shared by the shape check, the paste planner and the console's form.
 */
import type { ValueKind } from './template';

/** Fen are the sixth decimal of 万元 (1 万元 = 1,000,000 分). */
export const MAX_AMOUNT_DECIMALS = 6;

const FULL_WIDTH = /[\uFF10-\uFF19\uFF0C\uFF0E\u3000]/g;
export const toHalfWidth = (s: string) => s.replace(FULL_WIDTH, (ch) => (ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)));

/**
 * One value as printed, read as a number of `kind`: '' for an empty cell, the plain digits otherwise, or
 * null when it is not a number the cell may hold (a negative, text, a fraction of a count, a misplaced separator).
 */
export function readPrintedNumber(raw: string, kind: ValueKind): string | null {
  const s = toHalfWidth(raw).replace(/[\s\u00A0]/g, '');
  if (s === '') return '';
  // Thousands separators only where they group threes: 1,234,567, never 12,34.
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(s)) return null;
  const plain = s.replace(/,/g, '');
  if (kind === 'count') {
    if (!/^\d+(\.0+)?$/.test(plain)) return null;
    return String(BigInt(plain.replace(/\.0+$/, '')));
  }
  return plain.replace(/^0+(?=\d)/, '');
}

/** The decimal's canonical spelling: no leading zeros, no trailing zeros after the point, no bare point. */
export function canonicalDecimal(plain: string): string {
  let [int, frac = ''] = plain.split('.');
  int = int.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

/** Decimal places of a plain decimal string, trailing zeros not counted (12.3400 has 2). */
export function decimalsOf(plain: string): number {
  return canonicalDecimal(plain).split('.')[1]?.length ?? 0;
}

/**
 * The JSON number that holds `plain` exactly (its shortest spelling is the same decimal), or null when a
 * binary double cannot: such a value is refused, never rounded in silence.
 */
export function exactNumber(plain: string): number | null {
  const n = Number(plain);
  if (!Number.isFinite(n)) return null;
  return canonicalDecimal(String(n)) === canonicalDecimal(plain) ? n : null;
}

/** The plain decimal spelling of a JSON number (no exponent), for counting its decimals. */
export function plainOf(v: number): string {
  const s = String(v);
  if (!/e/i.test(s)) return s;
  const [mantissa, expText] = s.toLowerCase().split('e');
  const exp = Number(expText);
  const [int, frac = ''] = mantissa.replace('-', '').split('.');
  const digits = int + frac;
  const point = int.length + exp;
  const out = point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (v < 0 ? '-' : '') + out;
}
