import type { CalendarDay } from '../providers/dataProvider';

/** Colours by what a day is: a working day plain, a weekend grey, a holiday red, a make-up working day (调休) amber. */
export const TONE: Record<CalendarDay['kind'], { bg: string; fg?: string }> = {
  workday: { bg: 'background.paper' },
  weekend: { bg: 'action.hover', fg: 'text.secondary' },
  holiday: { bg: 'rgba(211,47,47,0.12)', fg: 'error.main' },
  'makeup-workday': { bg: 'rgba(237,108,2,0.15)', fg: 'warning.dark' },
  'override-holiday': { bg: 'rgba(156,39,176,0.15)', fg: 'secondary.main' },
  'override-workday': { bg: 'rgba(25,118,210,0.12)', fg: 'primary.main' },
};
