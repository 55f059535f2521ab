import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshWorkflowBundle, saveWorkflowBundle } from '../../worker/workflowBundle';

describe('the prebuilt workflow bundle', () => {
  let root: string;
  const bundle = () => join(root, 'dist', 'workflow-bundle.js');
  const touch = (path: string, secondsAgo: number) => {
    const t = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(path, t, t);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'govflow-bundle-'));
    for (const d of ['workflows', 'domain/calendar', 'activities']) mkdirSync(join(root, d), { recursive: true });
    writeFileSync(join(root, 'workflows', 'index.ts'), 'export {};');
    writeFileSync(join(root, 'domain', 'calendar', 'index.ts'), 'export {};');
    writeFileSync(join(root, 'package-lock.json'), '{}');
    for (const f of ['workflows/index.ts', 'domain/calendar/index.ts', 'package-lock.json']) touch(join(root, f), 60);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('when there is no bundle, the worker bundles afresh', () => {
    expect(freshWorkflowBundle(root)).toBeUndefined();
  });

  it('when the bundle is newer than every source, the worker loads it', () => {
    saveWorkflowBundle('// bundle', bundle());
    expect(freshWorkflowBundle(root)).toBe(bundle());
  });

  it('when a workflow source changed after the bundle was built, the worker bundles afresh', () => {
    saveWorkflowBundle('// bundle', bundle());
    touch(bundle(), 30);
    writeFileSync(join(root, 'workflows', 'index.ts'), 'export const changed = 1;');
    expect(freshWorkflowBundle(root)).toBeUndefined();
  });

  it('when a file deep in domain/ or the lock file changed, the worker bundles afresh', () => {
    saveWorkflowBundle('// bundle', bundle());
    touch(bundle(), 30);
    touch(join(root, 'domain', 'calendar', 'index.ts'), 0);
    expect(freshWorkflowBundle(root)).toBeUndefined();
    touch(join(root, 'domain', 'calendar', 'index.ts'), 60);
    expect(freshWorkflowBundle(root)).toBe(bundle());
    touch(join(root, 'package-lock.json'), 0);
    expect(freshWorkflowBundle(root)).toBeUndefined();
  });
});
