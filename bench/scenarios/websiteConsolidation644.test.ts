/**
 * The consolidation scenario at full size: Shanghai's 644 sites into 78, every flow driven to its end through
 * the API. Run with `npm run bench:scenarios` (about 40 minutes on 2 cores); CI runs the same scenario on
 * about 40 sampled sites (test/server/websiteConsolidationScenario.test.ts).
 */
import { CONSOLIDATION_FULL, describeConsolidationScenario } from '../../test/support/consolidationScenario';

describeConsolidationScenario(CONSOLIDATION_FULL);
