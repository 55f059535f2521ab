/**
 * The consolidation scenario at CI's size: about 40 of the 644 sites, sampled evenly with the sites they
 * integrate into, walking the same paths (kept, integrated, closed outright, 保留 refused, objections in the
 * notice period). The full 644 → 78 runs with `npm run bench:scenarios`.
 */
import { CONSOLIDATION_CI, describeConsolidationScenario } from '../support/consolidationScenario';

describeConsolidationScenario(CONSOLIDATION_CI);
