// One lint setup for the repository. Its most important rule keeps workflows deterministic: code in
// workflows/ may not import Node built-ins, and may import activities only as types (a value import
// would pull side effects into the workflow sandbox). Activities, the other way, import nothing from workflows/.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'admin/dist/', 'prisma/generated/', '.tools/', '.data/', 'test-artifacts/', 'coverage/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: nodeBuiltins.map((name) => ({ name, message: 'Workflows must be deterministic: no Node built-ins (use an activity).' })),
        patterns: [
          { group: ['**/activities', '**/activities/**'], allowTypeImports: true, message: 'Import activities as types only: `import type * as activities` with proxyActivities.' },
          { group: ['@prisma/*', 'pg', 'ioredis', 'bullmq', 'express', '**/prisma/generated/**'], message: 'Workflows cannot talk to databases or queues: use an activity.' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Use sleep() or condition() from @temporalio/workflow.' }, { name: 'setInterval', message: 'Use sleep() in a loop.' }, { name: 'process', message: 'No process access in workflows.' }],
    },
  },
  {
    // Imports run one way: workflows may import activities as types, activities import nothing of the
    // workflows (not even types). What both need lives in the leaf module domain/step.
    files: ['activities/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/workflows', '**/workflows/**'], message: 'Activities import nothing from workflows/: put what both need in domain/step.' },
        ],
      }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
