import { availableParallelism } from 'node:os';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { LongestFirst } from './test/support/longest-first';

/**
 * Four projects, all run by `npm test`:
 * - unit: the machines and the pure modules, no database, no server (`npm run test:unit`, seconds);
 * - integration: the real API, database, scheduler and SMTP (test/api, test/db, test/http, …);
 * - model: the model-based suites driven through the API (test/model/*.model.test.ts);
 * - ui: the web interface in Chromium (test/ui).
 * The projects that open a database share one migrated PGlite template (test/support/global-setup.ts).
 */
const UNIT = [
  'test/machines/**/*.test.ts',
  'test/cases/**/*.test.ts',
  'test/deadlines/**/*.test.ts',
  'test/model/*.refusals.test.ts',
  'test/model/diagrams.test.ts',
  'test/notifications/templates.test.ts',
  'test/http/config.test.ts',
  'test/http/startup-line.test.ts',
  'test/http/errors.test.ts',
  'test/ui/texts.test.ts',
  'test/texts/**/*.test.ts',
  'test/statistics/**/*.test.ts',
  'test/docs/**/*.test.ts',
];
const MODEL = ['test/model/*.model.test.ts'];
const UI = ['test/ui/**/*.test.ts'];
const DATABASE_SETUP = ['test/support/global-setup.ts'];

/**
 * CI runs the model suites once, as their long variant (`npm run test:model:long`) after `npm test`:
 * MODEL_LONG_RUN_FOLLOWS=1 leaves them out of `npm test` there. A developer's `npm test` runs them.
 */
const modelRunFollows = process.env.MODEL_LONG_RUN_FOLLOWS === '1';
/*
 * The property tests with fixed seeds (test/api/malformed-input.property.test.ts) make a quarter of their runs
 * in a developer's `npm test`, the first quarter of CI's: CI sets FULL_PROPERTY_RUNS=1 for all of them
 * (test/support/property-runs.ts).
 */

const projects: TestProjectInlineConfiguration[] = [
  // Pure modules: one module graph per worker is enough (no database, no server, no state between files).
  { extends: true, test: { name: 'unit', include: UNIT, isolate: false } },
  { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: [...UNIT, ...MODEL, ...UI], globalSetup: DATABASE_SETUP, isolate: false } },
  { extends: true, test: { name: 'ui', include: UI, exclude: UNIT, globalSetup: DATABASE_SETUP, isolate: false } },
];
if (!modelRunFollows) projects.push({ extends: true, test: { name: 'model', include: MODEL, globalSetup: DATABASE_SETUP, isolate: false } });

export default defineConfig({
  test: {
    projects,
    // Most files wait on a database, a browser or a socket part of the time: on a two-core machine two at a time.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Project by project (so a worker goes on to the next file instead of a new worker starting), the longest files first
    // in each, the short unit files last (test/support/longest-first.ts).
    sequence: { sequencer: LongestFirst },
    // A test that stubs an environment variable gets it back afterwards (files share a worker).
    unstubEnvs: true,
    // date-fns's index imports its 250 modules one file at a time: 4 s of CPU in every worker. Bundled once instead.
    deps: { optimizer: { ssr: { enabled: true, include: ['date-fns'] } } },
    // Time limits guard against a hang, never measure speed (bench/ does): a machine shared with other work runs the
    // longest pure tests (model states, migrations of every state) several times slower than an idle one.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
