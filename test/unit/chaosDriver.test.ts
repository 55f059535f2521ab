import { afterStep } from '../../bench/chaos/progress';

// The chaos driver's reading of a flow after a step it completed (bench/chaos/run.ts, stepOn).
describe('the chaos driver after a completed step', () => {
  it('when the next step\'s task row is open, it drives that step', () => {
    expect(afterStep('t1', { id: 't2' }, 'RUNNING')).toBe('next');
  });

  it('when the completed task row is still the open one, it waits', () => {
    expect(afterStep('t1', { id: 't1' }, 'RUNNING')).toBe('wait');
  });

  // Session 5's full run: on a loaded worker the workflow task that applied the completion was split by the
  // SDK's heartbeat right after the closing local activity; the answer went out with the first part, and the
  // next step's row was written by the second, seconds later. The driver read "no open row" as the flow's
  // end and left 5 flows at 单位自查 / 市级核验 with their rows open.
  it('when no row is open yet but the unit is still running, it waits for the next step instead of leaving the flow', () => {
    expect(afterStep('t1', undefined, 'RUNNING')).toBe('wait');
  });

  it('when no row is open and the unit is ready for publication or over, there is nothing left to drive', () => {
    expect(afterStep('t1', undefined, 'READY')).toBe('ended');
    expect(afterStep('t1', undefined, 'PUBLISHED')).toBe('ended');
    expect(afterStep('t1', undefined, undefined)).toBe('ended');
  });
});
