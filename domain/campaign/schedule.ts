/**
 * The timetable of an annual-report campaign (专项部署): when each group of units must publish, when the
 * centralized publication (集中公开) runs, and the due date of each stage, counted back from publication
 * on the working-day calendar. Pure: the API computes the default the administrator edits before launch,
 * and checks the edited one, with the same functions.
 */
import { endOfChinaDay, type WorkingCalendar } from '../calendar';
import { ANNUAL_REPORT, type AnnualReportStageKey } from '../flows/annualReport';

/**
 * 条例 第四十九条: departments of governments at county level and above publish by 31 January, the
 * general offices publish their government's report by 31 March; streets and towns are not named in
 * the regulation, so their date is local and the administrator sets it (docs/domain.md §1).
 */
export type PublicationGroup = 'DEPARTMENT' | 'GOVERNMENT' | 'TOWNSHIP';
export const PUBLICATION_GROUPS: readonly PublicationGroup[] = ['DEPARTMENT', 'GOVERNMENT', 'TOWNSHIP'];
export const GROUP_LABEL: Record<PublicationGroup, string> = {
  DEPARTMENT: '政府部门（1月31日前公开）',
  GOVERNMENT: '人民政府（3月31日前公开）',
  TOWNSHIP: '街道、乡镇（按本地规定日期公开）',
};

export type UnitKind =
  | 'CITY_GOVERNMENT' | 'GENERAL_OFFICE' | 'MUNICIPAL_DEPARTMENT' | 'DISTRICT_GOVERNMENT'
  | 'DISTRICT_DEPARTMENT' | 'STREET' | 'TOWN';

export function publicationGroupOf(kind: UnitKind): PublicationGroup {
  switch (kind) {
    case 'CITY_GOVERNMENT':
    case 'DISTRICT_GOVERNMENT':
      return 'GOVERNMENT';
    case 'STREET':
    case 'TOWN':
      return 'TOWNSHIP';
    default:
      // A general office publishes its own report as a department (Beijing: 办公厅's own report, signed by its head).
      return 'DEPARTMENT';
  }
}

/** The statutory publication date for a report year, or null where the date is local (streets, towns). */
export function statutoryPublishBy(year: number, group: PublicationGroup): string | null {
  if (group === 'DEPARTMENT') return `${year + 1}-01-31`;
  if (group === 'GOVERNMENT') return `${year + 1}-03-31`;
  return null;
}

/** Stages of one unit's report that have a due date in the timetable, in order (集中公开 is the publication itself). */
export type TimetableStage = Exclude<AnnualReportStageKey, 'publication'>;
export const TIMETABLE_STAGES: readonly TimetableStage[] = ANNUAL_REPORT.stages.filter((s) => s.task).map((s) => s.key as TimetableStage);
export const STAGE_NAME = Object.fromEntries(TIMETABLE_STAGES.map((k) => [k, ANNUAL_REPORT.stage(k).name])) as Record<TimetableStage, string>;

export interface GroupSchedule {
  /** The last day the group may publish (YYYY-MM-DD): statutory, or local for streets and towns. */
  publishBy: string;
  /** When the centralized publication of the group runs (ISO instant). */
  publishAt: string;
  /** Due date (YYYY-MM-DD, end of that China day) of each stage's first round. */
  dueDates: Record<TimetableStage, string>;
}
export type CampaignSchedule = Partial<Record<PublicationGroup, GroupSchedule>>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export function isRealDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** 10:00 China time on `date`, the hour a centralized publication goes out by default. */
export function chinaTime(date: string, hhmm = '10:00'): string {
  return new Date(`${date}T${hhmm}:00+08:00`).toISOString();
}

/**
 * The default timetable of one group: publication on the last working day on or before `publishBy`
 * at 10:00, 预发布 due the working day before, and each earlier stage due the number of working days
 * its stage definition allows before the next one's due date.
 */
export function defaultGroupSchedule(calendar: WorkingCalendar, publishBy: string, workingDays: Record<string, number>): GroupSchedule {
  const publicationDay = calendar.isWorkingDay(publishBy) ? publishBy : calendar.addWorkingDays(publishBy, -1);
  const dueDates = {} as Record<TimetableStage, string>;
  let next = calendar.addWorkingDays(publicationDay, -1);
  for (let i = TIMETABLE_STAGES.length - 1; i >= 0; i--) {
    const stage = TIMETABLE_STAGES[i];
    dueDates[stage] = next;
    next = calendar.addWorkingDays(next, -Math.max(1, workingDays[stage] ?? 1));
  }
  const ordered = Object.fromEntries(TIMETABLE_STAGES.map((s) => [s, dueDates[s]])) as Record<TimetableStage, string>;
  return { publishBy, publishAt: chinaTime(publicationDay), dueDates: ordered };
}

export interface ScheduleProblem {
  group: PublicationGroup;
  field: string;
  message: string;
}

/**
 * Every problem of an edited timetable at once, each naming its group and field: dates that do not
 * exist, a publication after the statutory date (a late publication is never planned), due dates out of
 * order, after the publication, or already past.
 */
export function checkSchedule(schedule: CampaignSchedule, groups: readonly PublicationGroup[], year: number, now: Date): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  for (const group of groups) {
    const label = GROUP_LABEL[group];
    const g = schedule[group];
    if (!g) {
      problems.push({ group, field: 'publishBy', message: `${label}：请设置公开截止日期和各环节的截止日期。` });
      continue;
    }
    if (!isRealDate(g.publishBy)) {
      problems.push({ group, field: 'publishBy', message: `${label}：公开截止日期“${String(g.publishBy)}”不是有效日期（格式为 YYYY-MM-DD）。` });
      continue;
    }
    const statutory = statutoryPublishBy(year, group);
    if (statutory && g.publishBy > statutory) {
      problems.push({ group, field: 'publishBy', message: `${label}：公开截止日期不能晚于法定日期 ${statutory}（条例第四十九条）。` });
    }
    const publishAt = typeof g.publishAt === 'string' ? new Date(g.publishAt) : new Date(NaN);
    if (Number.isNaN(publishAt.getTime())) {
      problems.push({ group, field: 'publishAt', message: `${label}：集中公开时间不是有效时间。` });
    } else {
      if (publishAt.getTime() > endOfChinaDay(g.publishBy).getTime()) {
        problems.push({ group, field: 'publishAt', message: `${label}：集中公开时间晚于公开截止日期 ${g.publishBy}，将造成逾期公开。` });
      }
      if (publishAt.getTime() < now.getTime()) {
        problems.push({ group, field: 'publishAt', message: `${label}：集中公开时间已过，请选择以后的时间。` });
      }
    }
    let previous: string | null = null;
    for (const stage of TIMETABLE_STAGES) {
      const due = g.dueDates?.[stage];
      if (!isRealDate(due)) {
        problems.push({ group, field: `dueDates.${stage}`, message: `${label}：环节“${STAGE_NAME[stage]}”的截止日期“${String(due)}”不是有效日期。` });
        continue;
      }
      if (due < today) problems.push({ group, field: `dueDates.${stage}`, message: `${label}：环节“${STAGE_NAME[stage]}”的截止日期 ${due} 已过。` });
      if (previous && due < previous) {
        problems.push({ group, field: `dueDates.${stage}`, message: `${label}：环节“${STAGE_NAME[stage]}”的截止日期 ${due} 早于上一环节的截止日期 ${previous}。` });
      }
      if (isRealDate(g.publishBy) && due > g.publishBy) {
        problems.push({ group, field: `dueDates.${stage}`, message: `${label}：环节“${STAGE_NAME[stage]}”的截止日期 ${due} 晚于公开截止日期 ${g.publishBy}。` });
      }
      previous = due;
    }
  }
  return problems;
}

/** Every date a campaign's timetable rests on (publication dates and stage due dates), for the calendar's coverage warning. */
export function scheduleDates(schedule: CampaignSchedule): string[] {
  return Object.values(schedule).flatMap((g) => (g ? [g.publishBy, g.publishAt.slice(0, 10), ...Object.values(g.dueDates)] : []));
}
