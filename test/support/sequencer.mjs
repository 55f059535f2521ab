/**
 * The order of a stream's test files. By default jest's own (failed first, then the slowest, then the largest);
 * with GOVFLOW_TEST_ORDER=shuffle:<seed> a shuffle that the seed repeats, or =reverse. A stream's files share
 * one database and Temporal server, so a file that passes only after (or before) another depends on it: CI
 * on a fresh clone runs an order these runs did not, and found two such files (test/support/campaign.ts,
 * `unusedYearPair`). Used to look for more, e.g. `GOVFLOW_TEST_ORDER=shuffle:7 bash scripts/test-all.sh`.
 */
import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import Sequencer from '@jest/test-sequencer';

class GovFlowSequencer extends Sequencer {
  sort(tests) {
    const order = process.env.GOVFLOW_TEST_ORDER ?? '';
    const byPath = [...tests].sort((a, b) => a.path.localeCompare(b.path));
    if (order === 'reverse') return byPath.reverse();
    const shuffle = /^shuffle:(\d+)$/.exec(order);
    if (!shuffle) return super.sort(tests);
    // A shuffle the seed repeats (in any clone): the files in the order of a hash of the seed and each file's path
    // in the project.
    const key = (test) => createHash('sha256').update(`${shuffle[1]}:${relative(process.cwd(), test.path)}`).digest('hex');
    byPath.sort((a, b) => key(a).localeCompare(key(b)));
    return byPath;
  }
}

export default GovFlowSequencer;
