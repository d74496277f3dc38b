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
    // Size limits that keep src readable (docs/architecture.md).
    files: ['src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 450 }],
      'max-lines-per-function': ['error', { max: 150 }],
    },
  },
  {
    // src/pipeline touches the outside for the jobs; it never imports a job or the CLI.
    files: ['src/pipeline/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['../jobs/*', '../jobs/**', '../cli/*', '../cli/**'] }] },
  },
  {
    // src/jobs never imports the CLI.
    files: ['src/jobs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['../../cli/*', '../../cli/**', '../cli/*'] }] },
  },
  {
    // Sections word a readout: no queries, files or services (types excepted), no statistics.
    files: ['src/jobs/*/sections.ts', 'src/jobs/*/*-sections.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../../pipeline/*'], allowTypeImports: true, message: 'sections take a readout; the readout does the I/O' },
            {
              group: ['../../analysis/*', '!../../analysis/relativeChange', '!../../analysis/isoWeek', '!../../analysis/annotationSchema'],
              allowTypeImports: true,
              message: 'sections word results; statistics belong in the readout',
            },
            {
              group: ['./readout', './report', './weekly', '../*/readout'],
              allowTypeImports: true,
              message: 'sections take a readout; they do not run one',
            },
          ],
        },
      ],
    },
  },
  {
    // src/analysis is pure: no I/O, no engines, no clock.
    files: ['src/analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // node:crypto is allowed: hashing is pure (variant assignment).
          patterns: [
            'node:fs',
            'node:fs/*',
            'node:child_process',
            'node:net',
            'node:http',
            'node:https',
            'node:os',
            'node:path',
            'fs',
            'path',
            'child_process',
            '@duckdb/*',
            '@aws-sdk/*',
            '../pipeline/*',
            '../jobs/*',
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'fetch'],
      // Dates as values are fine; reading the clock is not (callers pass the time in).
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'src/analysis does not read the clock; take the time as an argument.',
        },
        { selector: "CallExpression[callee.name='Date']", message: 'src/analysis does not read the clock; take the time as an argument.' },
      ],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random' }, { object: 'Date', property: 'now' }],
    },
  },
  {
    files: ['bench/**/*.ts', 'scripts/**/*.mjs', 'bin/**/*.mjs'],
    rules: { 'no-console': 'off' },
  },
);
