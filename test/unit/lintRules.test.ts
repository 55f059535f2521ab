import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** Workflows stay deterministic: the lint setup refuses Node built-ins and value imports of activities. */
const root = path.resolve(__dirname, '../..');
function lintAsWorkflow(code: string): string[] {
  // ESLint loads its flat config with a dynamic import, which jest's VM cannot do: run the real CLI.
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', 'workflows/example.ts', '--format', 'json'], {
    cwd: root, input: code, encoding: 'utf8', timeout: 60_000,
  });
  const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string }> }>;
  return result.messages.map((m) => m.ruleId);
}

describe('the lint rules for workflows', () => {
  it('refuse a Node built-in', () => {
    expect(lintAsWorkflow(`import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n`)).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('refuse a value import of the activities', () => {
    expect(lintAsWorkflow(`import { createActivities } from '../activities';\nexport const x = createActivities;\n`)).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('allow a type-only import of the activities', () => {
    expect(lintAsWorkflow(`import type * as activities from '../activities';\nexport type X = typeof activities;\n`)).toEqual([]);
  });
});
