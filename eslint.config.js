// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'src/db/generated', 'data', 'test-results', 'bench/results', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The layers of docs/architecture.md ("Folders"), one rule per folder. A justified exception is an
  // `eslint-disable-next-line no-restricted-imports` comment that says why.
  {
    // machines/ is the pure process model: no I/O, no clock, no frameworks.
    files: ['machines/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!(xstate|zod|date-fns)(/|$))[^.]',
              message: 'machines/ imports nothing but xstate, zod and date-fns (and machines/ itself): no I/O, no frameworks, no infrastructure.',
            },
            { regex: '^\\.\\./\\.\\./', message: 'machines/ imports nothing from outside machines/ (src/, test/, …).' },
          ],
        },
      ],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Time comes in events and input.' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Time comes in events and input.' }],
    },
  },
  {
    // A frozen definition (machines/<machine>/vN/, docs/architecture.md "Changing a machine") replays the histories
    // written under it: it imports only its own folder and its libraries, so no change elsewhere changes it.
    files: ['machines/*/v[0-9]*/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!(xstate|zod|date-fns)(/|$))[^.]', message: 'A frozen definition imports nothing but xstate, zod and date-fns and its own folder.' },
            { regex: '^\\.\\./', message: 'A frozen definition imports only from its own folder (copy what it needs into it): a change outside must not change how its histories replay.' },
          ],
        },
      ],
    },
  },
  {
    // Routes parse, authenticate and call a service; the services own the transactions and the queries.
    files: ['src/http/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(@prisma/|pg$|@electric-sql/|pglite-prisma-adapter)', message: 'Routes reach the database through a service (src/cases, src/assessments, src/deadlines, …), never through Prisma.' },
            { regex: '/db/(database|generated)(/|$)', message: 'Routes reach the database through a service (src/cases, src/assessments, src/deadlines, …), never through src/db/database.' },
          ],
        },
      ],
    },
  },
  {
    // The use cases know nothing of HTTP: the same services run from the scheduler, the CLI and the tests.
    files: ['src/{cases,assessments,deadlines,notifications,clients,handover,gallring,rights}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(express|express-rate-limit|helmet|pino-http|supertest)(/|$)', message: 'Services never import Express (or other HTTP machinery): errors are AppError, requests are plain arguments.' },
            { regex: '(^|/)http/', message: 'Services never import from src/http: routes call services, not the other way round.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // The web interface: plain ES modules run by the browser (no build step), talking only to /api.
    files: ['web/**/*.js'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^[^./]', message: 'web/ is served as it is: no packages, only its own modules.' },
            { regex: '(^|/)(src|machines|node_modules)/', message: 'web/ imports nothing from src/ or machines/: it is the browser\'s code and talks only to /api.' },
          ],
        },
      ],
    },
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        ['window', 'document', 'history', 'location', 'fetch', 'sessionStorage', 'Node', 'Element', 'HTMLAnchorElement', 'URLSearchParams', 'Intl', 'setTimeout'].map((name) => [name, 'readonly']),
      ),
    },
  },
);
