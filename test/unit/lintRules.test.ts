import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** Workflows stay deterministic: the lint setup refuses Node built-ins and value imports of activities. */
const root = path.resolve(__dirname, '../..');
function lintAs(filename: string, code: string): string[] {
  // ESLint loads its flat config with a dynamic import, which jest's VM cannot do: run the real CLI.
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', filename, '--format', 'json'], {
    cwd: root, input: code, encoding: 'utf8', timeout: 60_000,
  });
  const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string }> }>;
  return result.messages.map((m) => m.ruleId);
}
const lintAsWorkflow = (code: string) => lintAs('workflows/example.ts', code);
const lintAsActivity = (code: string) => lintAs('activities/tasks/example.ts', code);

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

describe('the lint rules for activities', () => {
  it('refuse a type import from the workflows', () => {
    expect(lintAsActivity(`import type { ReturnInfo } from '../../workflows/humanStep';\nexport type X = ReturnInfo;\n`)).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('refuse a value import from the workflows folder index', () => {
    expect(lintAsActivity(`import { FLOW_ANNUAL_REPORT } from '../../workflows/shared';\nexport const x = FLOW_ANNUAL_REPORT;\n`)).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('allow the leaf module the step shares with them', () => {
    expect(lintAsActivity(`import type { ReturnInfo } from '../../domain/step';\nexport type X = ReturnInfo;\n`)).toEqual([]);
  });
});
