import { httpClient } from '../providers/httpClient';
import type { CoverageWarning } from '../providers/dataProvider';

export type StageCount = { stageKey: string; label: string; units: number; overdue: number };
export interface Progress {
  campaign: { id: string; title: string; year: number; status: string; totalUnits: number; startedUnits: number; publishedRounds: Record<string, string>; schedule: Record<string, { publishBy: string; publishAt: string }> };
  root: { id: string; code: string; name: string; kind: string };
  totals: { units: number; byState: Record<string, number>; published: number; overdue: number; statutoryMissed: number; withReturns: number };
  stages: StageCount[];
  children: Array<{ orgUnitId: string | null; code: string; name: string; kind: string | null; units: number; published: number; overdue: number; statutoryMissed: number; hasChildren: boolean; byStage: Record<string, number>; overdueByStage: Record<string, number> }>;
  overdueUnits: Array<{ orgUnitId: string; code: string; name: string; stage: string; stageLabel: string; deadlineAt: string; overdueWorkingDays: number; returns: number }>;
  returnRounds: Record<string, number>;
  series: Array<{ day: string; submitted: number; verified: number; published: number }>;
}
export interface TimelineEvent { id: string; at: string; action: string; actorLogin: string | null; stageKey: string | null; round: number | null; comment: string | null }
export interface Timeline { unit: { name: string; code: string; state: string }; events: TimelineEvent[] }
export interface Preview {
  year: number; title: string; units: number;
  groups: Array<{ group: string; label: string; units: number; statutory: string | null; needsLocalDate: boolean }>;
  schedule: Record<string, { publishBy: string; publishAt: string; dueDates: Record<string, string> }>;
  problems: Array<{ group: string; field: string; message: string }>;
  alreadyLaunched: { id: string; status: string } | null;
  /** set when the timetable rests on a year the holiday data does not cover */
  calendarWarning: CoverageWarning | null;
}

export interface SummaryTables { t3: Record<string, Record<string, number>>; t4: Record<string, Record<string, number>> }
interface SummaryCounts { units: number; included: number; missing: number; noReport: number; awaitingSignOff: number }
/** GET /api/campaigns/:id/summary: 表三/表四 summed over the signed-off reports inside `root`, one line per child unit. */
export interface Summary extends SummaryTables, SummaryCounts {
  campaign: { id: string; title: string; year: number };
  root: { id: string; code: string; name: string; kind: string };
  rule: string;
  ruleProblems: Array<{ code: string; message: string }>;
  children: Array<SummaryTables & SummaryCounts & { orgUnitId: string | null; code: string; name: string; kind: string | null; hasChildren: boolean; status?: string; statusLabel?: string }>;
}

export interface DuplicationUnitRow { orgUnitId: string; code: string; name: string; stageLabel: string; duplicationPercent: number | null; taskId: string | null }

export const campaignApi = {
  /** The campaign's units by 文字重复率, one page: `level` filters against the thresholds (ok, warn, return, unchecked). */
  duplicationUnits: async (id: string, q: { level?: string; page: number; perPage: number; root?: string }): Promise<{ rows: DuplicationUnitRow[]; total: number }> => {
    const filter: Record<string, unknown> = {};
    if (q.level) filter.duplication = q.level;
    if (q.root) filter.root = q.root;
    const range = [q.page * q.perPage, q.page * q.perPage + q.perPage - 1];
    const { json, headers } = await httpClient(`/api/campaigns/${id}/units?filter=${encodeURIComponent(JSON.stringify(filter))}&sort=${encodeURIComponent('["duplicationPercent","DESC"]')}&range=${encodeURIComponent(JSON.stringify(range))}`);
    return { rows: json, total: Number(headers.get('Content-Range')?.split('/').pop() ?? json.length) };
  },
  duplicationPass: async (id: string): Promise<{ checked: number; ok: number; warn: number; return: number; tookMs: number }> =>
    (await httpClient(`/api/campaigns/${id}/duplication`, { method: 'POST', body: '{}' })).json,
  summary: async (id: string, root?: string): Promise<Summary> => (await httpClient(`/api/campaigns/${id}/summary${root ? `?root=${root}` : ''}`)).json,
  progress: async (id: string, root?: string): Promise<Progress> => (await httpClient(`/api/campaigns/${id}/progress${root ? `?root=${root}` : ''}`)).json,
  timeline: async (id: string, orgUnitId: string): Promise<Timeline> => (await httpClient(`/api/campaigns/${id}/units/${orgUnitId}/timeline`)).json,
  preview: async (q: { year: number; roots: string[]; townshipPublishBy?: string }): Promise<Preview> => {
    const params = new URLSearchParams({ year: String(q.year) });
    if (q.roots.length) params.set('roots', q.roots.join(','));
    if (q.townshipPublishBy) params.set('townshipPublishBy', q.townshipPublishBy);
    return (await httpClient(`/api/campaigns/preview?${params}`)).json;
  },
  launch: async (body: Record<string, unknown>): Promise<{ id: string }> => (await httpClient('/api/campaigns', { method: 'POST', body: JSON.stringify(body) })).json,
  publishNow: async (id: string, group: string) => (await httpClient(`/api/campaigns/${id}/publish`, { method: 'POST', body: JSON.stringify({ group }) })).json,
  topUnits: async (): Promise<Array<{ id: string; code: string; name: string }>> =>
    (await httpClient(`/api/org-units?filter=${encodeURIComponent(JSON.stringify({ kind: 'DISTRICT_GOVERNMENT' }))}&range=${encodeURIComponent('[0,99]')}&sort=${encodeURIComponent('["path","ASC"]')}`)).json,
};
