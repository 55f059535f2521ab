import { checkShape } from '../../../domain/annual-report';
import { copy, longgang2024 } from './fixtures/longgang-2024';

/** The fixture as untrusted JSON, so a cell can hold what a clerk typed or pasted. */
function json(): Record<string, any> {
  return copy(longgang2024()) as unknown as Record<string, any>;
}

function feeOf(amount: unknown): number {
  const input = json();
  input.t2.fees.amount = amount;
  const result = checkShape(input);
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('\n'));
  return result.report.t2.fees.amount;
}

describe('numbers as published reports print them (docs/domain.md §2 R7)', () => {
  it('when a fee is printed to the fen (six decimals of 万元), it is kept exactly, neither rounded nor refused', () => {
    expect(feeOf(0.000001)).toBe(0.000001);
    expect(feeOf(12.345678)).toBe(12.345678);
    expect(String(feeOf(316441.123456))).toBe('316441.123456');
  });

  it('when a fee is entered as printed (thousands separators, full-width digits), it is read as the number printed', () => {
    expect(String(feeOf('1,234.567891'))).toBe('1234.567891');
    expect(feeOf('１２．３４')).toBe(12.34);
    expect(feeOf(' 0.10 ')).toBe(0.1);
  });

  it('when a count is entered as printed (1,234 or １２３), it is read as a whole number', () => {
    const input = json();
    input.t3.newReceived.natural = '1,058';
    input.t3.newReceived.total = '１，０６６';
    const result = checkShape(input);
    expect(result.ok).toBe(true);
    if (result.ok) expect([result.report.t3.newReceived.natural, result.report.t3.newReceived.total]).toEqual([1058, 1066]);
  });

  it('when a fee has more than six decimals, a count is negative or fractional, or text is no number, each is refused naming the cell', () => {
    const input = json();
    input.t2.fees.amount = '1.2345678';
    input.t3.newReceived.natural = '-3';
    input.t3.newReceived.commercial = 2.5;
    input.t3.newReceived.research = '12,34';
    const result = checkShape(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ['BAD_NUMBER', 't2.fees.amount'],
      ['BAD_NUMBER', 't3.newReceived.natural'],
      ['BAD_NUMBER', 't3.newReceived.commercial'],
      ['BAD_NUMBER', 't3.newReceived.research'],
    ]);
    expect(result.issues[0].message).toContain('超过 6 位小数');
  });

  it('when a fee has more digits than can be kept exactly, it is refused rather than silently rounded', () => {
    const input = json();
    input.t2.fees.amount = '12345678901234.123456';
    const result = checkShape(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0].message).toContain('无法精确保存');
  });
});
