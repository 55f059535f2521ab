/**
 * `npx tsx bench/calendarSpeed.ts`: the working-day calendar's cost per call, as the inbox pays it (working
 * days left for each listed task) and as a step pays it (a deadline and its ladder rungs).
 */
import { createWorkingCalendar } from '../domain/calendar/workingCalendar';

const calendar = createWorkingCalendar([{ date: '2025-06-03', kind: 'holiday', name: '本地假日' }], { publishedYears: [2027] });
const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
const N = Number(process.env.CALLS ?? 20_000);
let sink = 0;
function time(label: string, fn: (i: number) => number): void {
  for (let i = 0; i < 200; i += 1) sink += fn(i); // warm-up, and the lazy index
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i += 1) sink += fn(i);
  const us = Number(process.hrtime.bigint() - start) / 1000 / N;
  console.log(`${label}: ${us.toFixed(2)} µs/call`);
}
time('workingDaysBetween, deadline 0-60 days away', (i) => calendar.workingDaysBetween('2025-11-29', day(300 + (i % 60))));
time('workingDaysBetween, 2 years apart', (i) => calendar.workingDaysBetween(day(i % 30), day(730 + (i % 30))));
time('addWorkingDays(+20)', (i) => calendar.addWorkingDays(day(i % 365), 20).length);
time('shiftWorkingDays(-5)', (i) => calendar.shiftWorkingDays(new Date(Date.UTC(2025, 0, 1 + (i % 365), 3)), -5).getTime() % 7);
console.log(sink > 0 ? '' : ' ');
