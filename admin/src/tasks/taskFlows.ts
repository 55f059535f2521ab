/**
 * Each flow's stages in the order they run (workflows/annualReport.ts and the closure flow): 退回 offers the
 * stages before the current one that ran in this workflow; the workflow refuses any other target.
 */
export const FLOW_STAGES: Record<string, string[]> = {
  'annual-report': ['assign', 'self-check', 'sign-off', 'district-review', 'city-verification', 'pre-release', 'publication'],
  'website-closure': ['application', 'approval', 'public-notice', 'identifier-deregistration', 'filing-deregistration', 'domain-deregistration', 'follow-up'],
};

/** The stage filter's choices in the task lists. */
export const STAGE_FILTER = ['assign', 'self-check', 'sign-off', 'district-review', 'city-verification', 'pre-release', 'publication',
  'application', 'approval', 'public-notice', 'identifier-deregistration', 'filing-deregistration', 'domain-deregistration', 'follow-up'];

/** 退回原因: a small fixed list, each translated under govflow.return_reasons. */
export const RETURN_REASONS = ['incomplete', 'data-error', 'non-compliant', 'other'];
