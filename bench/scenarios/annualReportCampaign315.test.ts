/**
 * The campaign scenario at full size: every unit of the districts in code order until at least 300 (315 with
 * the seed), driven to publication through the API. Run with `npm run bench:scenarios` (10-40 minutes on 2
 * cores); CI runs the same scenario scaled to about 40 units (test/server/annualReportCampaignScenario.test.ts).
 */
import { CAMPAIGN_FULL, describeCampaignScenario } from '../../test/support/campaignScenario';

describeCampaignScenario(CAMPAIGN_FULL);
