/**
 * The order of a stream's test files. By default jest's own (failed first, then the slowest, then the largest);
 * with GOVFLOW_TEST_ORDER=shuffle:<seed> a shuffle that the seed repeats, or =reverse. A stream's files share
 * one database and Temporal server, so a file that passes only after (or before) another depends on it: CI
 * on a fresh clone runs an order these runs did not, and found two such files (test/support/campaign.ts,
 * `unusedYearPair`). Used to look for more, e.g. `GOVFLOW_TEST_ORDER=shuffle:7 bash scripts/test-all.sh`.
 */
import Sequencer from '@jest/test-sequencer';

/** mulberry32: a small seeded generator, enough to repeat a shuffle. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class GovFlowSequencer extends Sequencer {
  sort(tests) {
    const order = process.env.GOVFLOW_TEST_ORDER ?? '';
    const byPath = [...tests].sort((a, b) => a.path.localeCompare(b.path));
    if (order === 'reverse') return byPath.reverse();
    const shuffle = /^shuffle:(\d+)$/.exec(order);
    if (!shuffle) return super.sort(tests);
    const next = random(Number(shuffle[1]));
    for (let i = byPath.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [byPath[i], byPath[j]] = [byPath[j], byPath[i]];
    }
    return byPath;
  }
}

export default GovFlowSequencer;
