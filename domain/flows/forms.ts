/**
 * The stages whose completion carries a form (`result`): the workflow checks it (StageSpec.validateResult in
 * workflows/annualReport.ts and workflows/websiteClosure.ts), so such a task is done on its own page, never
 * in a 批量审批 (docs/delegation.md). Keys are typed by the registry; test/unit/batchForms.test.ts checks the
 * list against the workflows' stage specs.
 */
import type { AnnualReportStageKey } from './annualReport';
import type { WebsiteClosureStageKey } from './websiteClosure';

const ANNUAL_REPORT_FORMS: readonly AnnualReportStageKey[] = ['self-check', 'pre-release'];
const WEBSITE_CLOSURE_FORMS: readonly WebsiteClosureStageKey[] = [
  'retention-application', 'retention-review', 'application', 'public-notice',
  'identifier-deregistration', 'filing-deregistration', 'domain-deregistration', 'follow-up-30', 'follow-up-90',
];

export const FORM_STAGES: Readonly<Record<string, readonly string[]>> = {
  'annual-report': ANNUAL_REPORT_FORMS,
  'website-closure': WEBSITE_CLOSURE_FORMS,
};

/** True when completing a task of this stage needs a form result. */
export function stageTakesForm(flowKey: string, stageKey: string): boolean {
  return FORM_STAGES[flowKey]?.includes(stageKey) ?? false;
}
