import { diffReports } from '../../../domain/annual-report';
import { copy, longgang2024 } from './fixtures/longgang-2024';

describe('what changed between two rounds of a report', () => {
  it('names each changed section and each changed cell as the template prints them, with the old and new value', () => {
    const before = longgang2024();
    const after = copy(before);
    after.t3.newReceived.natural += 2;
    after.t3.newReceived.total += 2;
    after.sections.s5 = `${before.sections.s5}（已补充改进措施）`;

    const changes = diffReports(before, after);

    expect(changes.sections.map((s) => s.title)).toEqual(['五、存在的主要问题及改进情况']);
    expect(changes.cells.map((c) => [c.table, c.row, c.column, c.after! - c.before!])).toEqual([
      ['T3', 'newReceived', 'natural', 2], ['T3', 'newReceived', 'total', 2],
    ]);
    expect(changes.cells[0].label).toContain('表三「一、本年新收政府信息公开申请数量」行「自然人」列');
  });

  it('finds nothing when the resubmission is identical', () => {
    expect(diffReports(longgang2024(), longgang2024())).toEqual({ sections: [], cells: [] });
  });
});
