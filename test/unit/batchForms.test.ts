/**
 * 批量审批 refuses the stages whose completion carries a form (domain/flows/forms.ts). The list must match the
 * workflows: a stage whose StageSpec has a form check (validateResult) is a form stage, and no other is.
 */
import { FLOWS } from '../../domain/flows';
import { FORM_STAGES, stageTakesForm } from '../../domain/flows/forms';
import { annualReportStages } from '../../workflows/annualReport';
import type { StageSpec } from '../../workflows/humanStep';
import { websiteClosureStages } from '../../workflows/websiteClosure';

const reportSpecs = annualReportStages({ orgUnitId: 'u', unitName: '某某局', year: 2025, cityOfficeId: 'c', districtOfficeId: 'd' });
const closure = websiteClosureStages({
  websiteId: 'w', siteName: '某某网', domain: 'x.example.gov.cn', siteCode: '1100000001', hasPartyGovMark: true, hasIcp: true, hasPsb: true,
  ownerUnitId: 'u', ownerUnitName: '某某局', decision: 'CLOSE', targetSite: null, retention: true, districtOfficeId: 'd',
  cityOfficeId: 'c', noticePeriodMs: 1, followUpAfterMs: [1, 2], checkDomain: false,
});
const closureSpecs: StageSpec[] = [...closure.retention, ...closure.closure, ...closure.followUps];
const withForm = (specs: StageSpec[]) => specs.filter((s) => s.validateResult).map((s) => s.stageKey).sort();

describe('the stages a batch approval refuses because they need a form', () => {
  it('are exactly the stages the annual-report workflow checks a form on', () => {
    expect([...FORM_STAGES['annual-report']].sort()).toEqual(withForm(reportSpecs));
  });

  it('are exactly the stages the website-closure workflow checks a form on', () => {
    expect([...FORM_STAGES['website-closure']].sort()).toEqual(withForm(closureSpecs));
  });

  it('are stages of the registry, and a review stage such as 全市核查 is not one', () => {
    for (const [flow, keys] of Object.entries(FORM_STAGES)) for (const k of keys) expect(FLOWS[flow as keyof typeof FLOWS].has(k)).toBe(true);
    expect(stageTakesForm('annual-report', 'city-verification')).toBe(false);
    expect(stageTakesForm('annual-report', 'self-check')).toBe(true);
  });
});
