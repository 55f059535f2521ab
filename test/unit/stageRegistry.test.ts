/**
 * Every layer that names a stage (the workflows' stage lists, the seed, the exports, the campaign timetable,
 * the console's 退回 order and stage filter, the message files) must name the registry's stages
 * (domain/flows): this fails as soon as one layer knows a stage the registry does not, or misses one it has.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { FLOW_STAGES, returnChoices, STAGE_FILTER } from '../../admin/src/tasks/taskFlows';
import { appEn } from '../../admin/src/i18n/app.en';
import { appZhCN } from '../../admin/src/i18n/app.zh-CN';
import { STAGE_NAME, TIMETABLE_STAGES } from '../../domain/campaign';
import { allStageKeys, FLOW_LIST, FLOWS, stageOf, type FlowDefinition } from '../../domain/flows';
import { FLOW_ANNUAL_REPORT, FLOW_WEBSITE_CLOSURE } from '../../domain/step';
import { FLOWS as SEEDED_FLOWS } from '../../prisma/seed/stages';
import { STAGE_LABELS as EXPORT_STAGE_LABELS } from '../../server/services/taskExportService';
import { annualReportStages, type AnnualReportInput } from '../../workflows/annualReport';
import type { StageSpec } from '../../workflows/humanStep';
import { websiteClosureStages, type WebsiteClosureInput } from '../../workflows/websiteClosure';

const CJK = /[\u3400-\u4DBF\u4E00-\u9FFF]/u;
const taskStages = (flow: FlowDefinition) => flow.stages.filter((s) => s.task);

// Every shape of run the workflows build: with and without the review stages, inside and outside a district.
const report = (extra: Partial<AnnualReportInput>): AnnualReportInput => ({ orgUnitId: 'unit', unitName: '某某局', year: 2025, ...extra });
const REPORT_RUNS: StageSpec[][] = [
  annualReportStages(report({})),
  annualReportStages(report({ cityOfficeId: 'city' })),
  annualReportStages(report({ cityOfficeId: 'city', districtOfficeId: 'district' })),
];
const site = (extra: Partial<WebsiteClosureInput>): WebsiteClosureInput => ({
  websiteId: 'w', siteName: '某某网', domain: 'x.example.gov.cn', siteCode: '1100000001', hasPartyGovMark: true, hasIcp: true, hasPsb: true,
  ownerUnitId: 'unit', ownerUnitName: '某某局', decision: 'CLOSE', targetSite: null, retention: true, districtOfficeId: null,
  cityOfficeId: 'city', noticePeriodMs: 1, followUpAfterMs: [1, 2], checkDomain: false, ...extra,
});
/** Each list is one sequence the step runs (a return jumps back within it); follow-ups run one by one. */
const CLOSURE_RUNS: StageSpec[][] = [site({}), site({ districtOfficeId: 'district' })].flatMap((input) => {
  const s = websiteClosureStages(input);
  return [s.retention, s.closure, ...s.followUps.map((f) => [f])];
});

describe('the stage registry', () => {
  it('gives every stage a Chinese and an English name, and each flow its stages in order', () => {
    for (const flow of FLOW_LIST) {
      expect(flow.stages.map((s) => s.order)).toEqual(flow.stages.map((_, i) => i));
      for (const s of flow.stages) {
        expect([s.key, CJK.test(s.name)]).toEqual([s.key, true]);
        expect([s.key, s.nameEn.length > 0 && !CJK.test(s.nameEn)]).toEqual([s.key, true]);
      }
    }
    expect(Object.keys(FLOWS).sort()).toEqual([FLOW_ANNUAL_REPORT, FLOW_WEBSITE_CLOSURE].sort());
  });

  it.each([
    [FLOW_ANNUAL_REPORT, REPORT_RUNS],
    [FLOW_WEBSITE_CLOSURE, CLOSURE_RUNS],
  ] as const)('matches the stages the %s workflow builds: keys, roles, titles, and the stages each may return to', (flowKey, runs) => {
    const flow = FLOWS[flowKey];
    const built = new Set<string>();
    for (const run of runs) {
      run.forEach((spec, i) => {
        built.add(spec.stageKey);
        const stage = stageOf(flowKey, spec.stageKey);
        expect([spec.stageKey, stage?.key]).toEqual([spec.stageKey, spec.stageKey]);
        expect([spec.stageKey, spec.assigneeRole]).toEqual([spec.stageKey, stage!.assigneeRole]);
        expect(spec.title).toContain(stage!.name);
        // The workflow lets a stage return to any earlier stage of its sequence that ran: the registry must offer those.
        const earlier = run.slice(0, i).map((s) => s.stageKey);
        expect([spec.stageKey, earlier.filter((k) => !stage!.returnTo.includes(k))]).toEqual([spec.stageKey, []]);
      });
    }
    // And every task stage of the registry is one the workflow really runs.
    expect(taskStages(flow).map((s) => s.key).filter((k) => !built.has(k))).toEqual([]);
  });

  it('is what the seed writes as StageDefinition rows', () => {
    expect(SEEDED_FLOWS.map((f) => f.key)).toEqual(FLOW_LIST.map((f) => f.key));
    for (const seeded of SEEDED_FLOWS) {
      const flow = FLOWS[seeded.key as keyof typeof FLOWS];
      expect(seeded.stages.map((s) => [s.key, s.name, s.nameEn, s.assigneeRole, s.deadlineKind, s.workingDays ?? s.statutoryDate]))
        .toEqual(flow.stages.map((s) => [s.key, s.name, s.nameEn, s.assigneeRole, s.deadlineKind, s.workingDays ?? s.statutoryDate]));
    }
  });

  it('labels every stage of the task export, and the export names no other stage', () => {
    expect(Object.keys(EXPORT_STAGE_LABELS).sort()).toEqual(allStageKeys().sort());
    for (const [key, label] of Object.entries(EXPORT_STAGE_LABELS)) expect(FLOW_LIST.some((f) => f.has(key) && f.stage(key).name === label)).toBe(true);
  });

  it('gives the campaign timetable the annual report\'s task stages, in order, with their names', () => {
    expect([...TIMETABLE_STAGES]).toEqual(taskStages(FLOWS[FLOW_ANNUAL_REPORT]).map((s) => s.key));
    for (const k of TIMETABLE_STAGES) expect(STAGE_NAME[k]).toBe(FLOWS[FLOW_ANNUAL_REPORT].stage(k).name);
  });

  it('is the console\'s order of each flow\'s stages (退回 offers the earlier ones): no stage missing, none unknown', () => {
    for (const flow of FLOW_LIST) {
      const consoleOrder = FLOW_STAGES[flow.key] ?? [];
      expect([flow.key, consoleOrder.filter((k) => !flow.has(k))]).toEqual([flow.key, []]);
      expect([flow.key, taskStages(flow).map((s) => s.key).filter((k) => !consoleOrder.includes(k))]).toEqual([flow.key, []]);
      // What the console offers a stage to return to (the stages before it in its order) covers what the registry allows.
      for (const s of taskStages(flow)) {
        const offered = consoleOrder.slice(0, Math.max(0, consoleOrder.indexOf(s.key)));
        expect([s.key, s.returnTo.filter((k) => !offered.includes(k))]).toEqual([s.key, []]);
      }
    }
  });

  it('is the console\'s stage filter: every stage can be chosen, and no choice matches nothing', () => {
    expect(STAGE_FILTER.filter((k) => !allStageKeys().includes(k))).toEqual([]);
    expect(allStageKeys().filter((k) => !STAGE_FILTER.includes(k))).toEqual([]);
  });

  it.each([
    ['zh-CN', appZhCN.govflow.stages as Record<string, string>, 'name'],
    ['en', appEn.govflow.stages as Record<string, string>, 'nameEn'],
  ] as const)('is what the %s message file calls each stage, and the file names no other stage', (_locale, messages, field) => {
    expect(Object.keys(messages).filter((k) => !allStageKeys().includes(k))).toEqual([]);
    for (const flow of FLOW_LIST) {
      for (const s of flow.stages) expect([s.key, messages[s.key]]).toEqual([s.key, s[field]]);
    }
  });
});

describe('the console\'s 退回 choices', () => {
  it('when a city-office reviewer opens 退回 on 审核报批（市政府办公厅）, every earlier approval level that ran is offered', () => {
    expect(returnChoices(FLOW_WEBSITE_CLOSURE, 'approval-city', ['application', 'approval-head', 'approval-office', 'approval-city']))
      .toEqual(['application', 'approval-head', 'approval-office']);
    // Outside a district no 区政府办公室 level ran, so none is offered.
    expect(returnChoices(FLOW_WEBSITE_CLOSURE, 'approval-city', ['application', 'approval-head'])).toEqual(['application', 'approval-head']);
  });

  it('when a stage has nothing before it in its sequence (申请提交, 回头看), nothing is offered', () => {
    expect(returnChoices(FLOW_WEBSITE_CLOSURE, 'application', ['retention-application', 'retention-review', 'application'])).toEqual([]);
    expect(returnChoices(FLOW_WEBSITE_CLOSURE, 'follow-up-90', ['application', 'follow-up-30', 'follow-up-90'])).toEqual([]);
  });
});

describe('stage keys written in the code', () => {
  /** The forms code uses to name one stage: `stageKey === 'x'`, `toStageKey: 'x'`, `"stageKey" = 'x'`, `stageKey: { in: ['x', …] }`. */
  const NAMED = /(?:stageKey|toStageKey|fromStageKey|"stageKey")\s*(?:===|!==|:|=)\s*'([a-z0-9-]+)'|stageKey: \{ in: \[([^\]]*)\]/g;
  const ROOT = path.resolve(__dirname, '../..');
  const sources = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (['node_modules', 'generated', 'dist'].includes(name)) return [];
    return statSync(full).isDirectory() ? sources(full) : /\.tsx?$/.test(name) ? [full] : [];
  });

  it('are stages of the registry (a renamed or invented key fails here)', () => {
    const unknown: string[] = [];
    let named = 0;
    for (const file of ['workflows', 'activities', 'server', 'admin/src', 'domain', 'prisma', 'bench'].flatMap((d) => sources(path.join(ROOT, d)))) {
      for (const m of readFileSync(file, 'utf8').matchAll(NAMED)) {
        const keys = m[1] ? [m[1]] : [...m[2].matchAll(/'([a-z0-9-]+)'/g)].map((k) => k[1]);
        for (const key of keys) {
          named++;
          if (!allStageKeys().includes(key)) unknown.push(`${path.relative(ROOT, file)}: ${key}`);
        }
      }
    }
    expect(named).toBeGreaterThan(20);
    expect(unknown).toEqual([]);
  });
});
