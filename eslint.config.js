// Lint configuration: typescript-eslint's recommended rules, plus the project's own boundaries.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'reports/**', 'data/**', 'notebooks/**', '.ipynb_checkpoints/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // src/analysis is pure: no I/O, no engines, no clock.
    files: ['src/analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        // node:crypto is allowed: hashing is pure (variant assignment).
        patterns: ['node:fs', 'node:fs/*', 'node:child_process', 'node:net', 'node:http', 'node:https', 'node:os', 'node:path', 'fs', 'path', 'child_process', '@duckdb/*', '@aws-sdk/*', '../pipeline/*', '../jobs/*'],
      }],
      'no-restricted-globals': ['error', 'process', 'fetch'],
      // Dates as values are fine; reading the clock is not (callers pass the time in).
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'src/analysis does not read the clock; take the time as an argument.' },
        { selector: "CallExpression[callee.name='Date']", message: 'src/analysis does not read the clock; take the time as an argument.' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random' }, { object: 'Date', property: 'now' }],
    },
  },
  {
    files: ['bench/**/*.ts', 'scripts/**/*.mjs', 'bin/**/*.mjs'],
    rules: { 'no-console': 'off' },
  },
);
