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
        patterns: ['node:*', 'fs', 'path', 'child_process', '@duckdb/*', '@aws-sdk/*', '../pipeline/*', '../jobs/*'],
      }],
      'no-restricted-globals': ['error', 'Date', 'process', 'fetch'],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random' }],
    },
  },
  {
    files: ['bench/**/*.ts', 'scripts/**/*.mjs', 'bin/**/*.mjs'],
    rules: { 'no-console': 'off' },
  },
);
