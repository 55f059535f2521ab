/**
 * The campaign scenario at CI's size: about 40 units of the same districts as the full one, walking the same
 * paths (returns by the head, the district and the city; rounds of all three groups; units ready after their
 * round). The full size (at least 300 units) runs with `npm run bench:scenarios`.
 */
import { CAMPAIGN_CI, describeCampaignScenario } from '../support/campaignScenario';

describeCampaignScenario(CAMPAIGN_CI);
