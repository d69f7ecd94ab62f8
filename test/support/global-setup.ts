/**
 * Runs before the test files. Builds dist/ (`npm run build`), so the tests that
 * start Stegvis as a process of its own run what `npm start` runs. Then, on
 * PGlite, makes a migrated, empty in-memory PGlite and dumps it, so each test
 * file starts its own database from the dump (0.3 s) instead of initialising and
 * migrating one (2 s). Not used with TEST_DATABASE_URL.
 * Every project that opens a database names this setup (vitest.config.ts); the
 * first one builds and makes the template, the others find them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { applyMigrations } from '../../src/db/migrate';
import { PROJECT_ROOT } from '../../src/project-root';

export default async function setup() {
  if (!process.env.STEGVIS_TEST_BUILT) {
    execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts/build.mjs')], { cwd: PROJECT_ROOT, stdio: 'inherit' });
    process.env.STEGVIS_TEST_BUILT = '1';
  }
  if (process.env.TEST_DATABASE_URL) return;
  const made = process.env.STEGVIS_TEST_PGLITE_TEMPLATE;
  if (made && existsSync(made)) return;
  const pglite = new PGlite();
  await applyMigrations({ kind: 'pglite', pglite });
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  const directory = mkdtempSync(path.join(tmpdir(), 'stegvis-test-template-'));
  const file = path.join(directory, 'pglite.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env.STEGVIS_TEST_PGLITE_TEMPLATE = file;
  return () => rmSync(directory, { recursive: true, force: true });
}
