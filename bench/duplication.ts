/**
 * `npm run bench:duplication [UNITS]` (default 1,000): 文字重复率 at a whole city's scale. Builds a campaign of
 * UNITS reports of 5,000–20,000 characters (and each unit's report of last year, so the index holds 2×UNITS),
 * one of them a near copy, then prints:
 *   - building the sentence index; one report's check; a campaign-wide pass (every report of the year);
 *   - the naive baseline beside it: one report compared pairwise with every other, and the campaign-wide
 *     pass that implies (measured on a sample of BENCH_NAIVE_SAMPLE reports, 20, and multiplied out: the
 *     full pairwise pass is quadratic and would take minutes).
 * No services needed: the check is pure (domain/annual-report/duplication.ts).
 */
import { DuplicationIndex, naiveDuplicationPercent } from '../domain/annual-report';
import { campaignCorpus, nearCopy } from '../test/support/reportCorpus';

const units = Number(process.argv[2] ?? process.env.BENCH_UNITS ?? 1000);
const sample = Number(process.env.BENCH_NAIVE_SAMPLE ?? 20);
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

const t0 = process.hrtime.bigint();
const docs = campaignCorpus(units, { lastYear: true });
const copied = nearCopy(docs[0], { id: '2025/copy', unitId: 'copy', year: 2025 }, 0.7);
docs.push(copied);
const thisYear = docs.filter((d) => d.year === 2025);
const chars = thisYear.reduce((n, d) => n + Object.values(d.sections).reduce((m, s) => m + (s?.length ?? 0), 0), 0);
console.log(`corpus: ${thisYear.length} reports this year (+${docs.length - thisYear.length} last year), ${(chars / thisYear.length).toFixed(0)} characters on average, generated in ${ms(t0).toFixed(0)} ms`);

const tIndex = process.hrtime.bigint();
const index = new DuplicationIndex();
for (const d of docs) index.add(d);
const indexMs = ms(tIndex);

const times: number[] = [];
for (let i = 0; i < 50; i++) {
  const t = process.hrtime.bigint();
  index.check(thisYear[(i * 37) % thisYear.length].id);
  times.push(ms(t));
}
times.sort((a, b) => a - b);
const tPass = process.hrtime.bigint();
let flagged = 0;
for (const d of thisYear) if (index.check(d.id).total >= 30) flagged++;
const passMs = ms(tPass);
const copyResult = index.check('2025/copy');

const naiveTimes: number[] = [];
for (let i = 0; i < sample; i++) {
  const t = process.hrtime.bigint();
  naiveDuplicationPercent(thisYear[(i * 53) % thisYear.length], docs);
  naiveTimes.push(ms(t));
}
naiveTimes.sort((a, b) => a - b);
const naiveOne = naiveTimes[Math.floor(naiveTimes.length / 2)];
const naiveCopy = naiveDuplicationPercent(copied, docs);

const rows = [
  ['', 'sentence index', 'naive pairwise baseline', 'ratio'],
  ['build', `${indexMs.toFixed(0)} ms (${docs.length} reports)`, '—', ''],
  ['one check (median of 50 / of ' + sample + ')', `${times[25].toFixed(2)} ms (p95 ${times[47].toFixed(2)} ms)`, `${naiveOne.toFixed(0)} ms`, `${(naiveOne / times[25]).toFixed(0)}×`],
  ['campaign-wide pass', `${(passMs / 1000).toFixed(2)} s for ${thisYear.length} reports (+ build ${(indexMs / 1000).toFixed(2)} s)`, `≈ ${((naiveOne * thisYear.length) / 1000).toFixed(0)} s (sampled × ${thisYear.length})`, `${((naiveOne * thisYear.length) / (passMs + indexMs)).toFixed(0)}×`],
  ['near copy (70% of sentences, figures changed)', `${copyResult.total}% from others`, `${naiveCopy}%`, ''],
];
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log(`reports at or above 30%: ${flagged}; heap used ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
