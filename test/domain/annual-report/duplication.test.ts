import { DuplicationIndex, duplicationLevel, naiveDuplicationPercent, normaliseSentence, splitSentences } from '../../../domain/annual-report';
import { campaignCorpus, nearCopy, reportSections } from '../../support/reportCorpus';

describe('文字重复率: the sentence index', () => {
  it('splits a section into sentences with their offsets, and compares them without punctuation, width or figures', () => {
    const text = '本年度共收到申请66件。  下一步将加强培训！';
    const [a, b] = splitSentences(text);
    expect(text.slice(a.start, a.end)).toBe('本年度共收到申请66件。');
    expect(text.slice(b.start, b.end)).toBe('下一步将加强培训！');
    expect(normaliseSentence('本年度共收到申请６６件。')).toBe(normaliseSentence('本年度 共收到申请 1,043 件'));
  });

  it('when a unit copies its own last year\'s section 五 and writes 一 anew, 五 shows ~100% from last year and 一 ~0%', () => {
    const lastYear = { id: '2024/a', unitId: 'a', year: 2024, sections: reportSections(1, 6000) };
    const now = { id: '2025/a', unitId: 'a', year: 2025, sections: { ...reportSections(2, 6000), s5: lastYear.sections.s5 } };
    const index = new DuplicationIndex();
    index.add(lastYear);
    index.add(now);
    const r = index.check('2025/a');
    const s5 = r.sections.find((s) => s.section === 's5')!;
    const s1 = r.sections.find((s) => s.section === 's1')!;
    expect(s5.lastYear).toBeGreaterThan(95);
    expect(s5.others).toBe(0);
    expect(s1.total).toBeLessThan(5);
    // Side by side: the repeated sentence here and where it came from, with offsets to highlight both.
    const m = r.matches.find((x) => x.section === 's5')!;
    expect(m.source).toMatchObject({ id: '2024/a', lastYear: true, section: 's5' });
    expect(now.sections.s5.slice(m.sentence.start, m.sentence.end)).toBe(m.sentence.text);
    expect(lastYear.sections.s5.slice(m.source.start, m.source.end)).toBe(m.source.text);
  });

  it('when a report nearly copies another unit\'s (70% of sentences, figures changed), about 70% is flagged as from others', () => {
    const [orig] = campaignCorpus(1, { minChars: 8000, maxChars: 8001 });
    const copyDoc = nearCopy(orig, { id: '2025/copy', unitId: 'copy', year: 2025 }, 0.7);
    const index = new DuplicationIndex();
    index.add(orig);
    index.add(copyDoc);
    const r = index.check('2025/copy');
    expect(r.others).toBeGreaterThan(60);
    expect(r.others).toBeLessThan(80);
    expect(r.lastYear).toBe(0);
    expect(r.total).toBe(naiveDuplicationPercent(copyDoc, [orig]));
  });

  it('does not count another unit\'s report of another year, nor the unit\'s own report of this year', () => {
    const text = reportSections(3, 3000);
    const index = new DuplicationIndex();
    index.add({ id: '2023/b', unitId: 'b', year: 2023, sections: text });
    index.add({ id: '2024/c', unitId: 'c', year: 2024, sections: text });
    index.add({ id: '2025/a', unitId: 'a', year: 2025, sections: text });
    expect(index.check('2025/a').total).toBe(0);
  });

  it('when a report is replaced (a resubmission), the old text no longer counts', () => {
    const index = new DuplicationIndex();
    const shared = reportSections(4, 3000);
    index.add({ id: '2025/a', unitId: 'a', year: 2025, sections: shared });
    index.add({ id: '2025/b', unitId: 'b', year: 2025, sections: shared });
    expect(index.check('2025/a').others).toBe(100);
    index.add({ id: '2025/b', unitId: 'b', year: 2025, sections: reportSections(5, 3000) });
    // Only the boilerplate sentence both reports share (本年度未收取信息处理费。) still counts.
    expect(index.check('2025/a').others).toBeLessThan(1);
    expect(index.check('2025/a').matches.map((m) => m.sentence.text)).toEqual(['本年度未收取信息处理费。']);
  });

  it('gives the same figure as the pairwise baseline on a small campaign with last year\'s reports', () => {
    const docs = campaignCorpus(12, { minChars: 2000, maxChars: 4000, lastYear: true });
    docs.push(nearCopy(docs[0], { id: '2025/x', unitId: 'x', year: 2025 }, 0.5));
    docs.push({ ...docs[3], id: '2025/u1-again', unitId: 'u1', year: 2025 }); // a second report of a unit never happens; still the same answer
    const index = new DuplicationIndex();
    docs.forEach((d) => index.add(d));
    for (const d of docs.filter((x) => x.year === 2025 && x.id !== '2025/u1-again')) {
      expect(index.check(d.id).total).toBe(naiveDuplicationPercent(d, docs));
    }
  });

  it('classifies a figure against the thresholds (settings): below warn ok, from warn a warning, from return a return', () => {
    const t = { warnPercent: 30, returnPercent: 50 };
    expect([duplicationLevel(29.9, t), duplicationLevel(30, t), duplicationLevel(50, t)]).toEqual(['ok', 'warn', 'return']);
  });

  it('checks one report of a 60-report campaign (5,000–20,000 characters each, and last year\'s) within a few milliseconds', () => {
    const docs = campaignCorpus(60, { lastYear: true });
    const index = new DuplicationIndex();
    docs.forEach((d) => index.add(d));
    const t0 = performance.now();
    const r = index.check('2025/u17');
    expect(performance.now() - t0).toBeLessThan(100);
    expect(r.sections.find((s) => s.section === 's1')!.chars).toBeGreaterThan(2000);
  });
});
