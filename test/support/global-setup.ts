/**
 * Runs before the test files. Builds dist/ (`npm run build`), so the tests that
 * start Stegvis as a process of its own run what `npm start` runs. Then, on
 * PGlite, provides a migrated, empty PGlite data directory as a dump, so each
 * test file starts its own database from the dump (0.3 s) instead of
 * initialising and migrating one (2 s). Not used with TEST_DATABASE_URL.
 * The dump is kept between runs in node_modules/.cache/stegvis-tests/, named by
 * what makes it: the migrations, the code that applies them and the versions of
 * PGlite and the schema engine. Making it (initdb and every migration) took
 * seconds of the start of every run, with the workers waiting.
 * Every project that opens a database names this setup (vitest.config.ts); the
 * first one builds and provides the template, the others find them.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { applyMigrations } from '../../src/db/migrate';
import { readMigrationList } from '../../src/db/schema-engine';
import { PROJECT_ROOT } from '../../src/project-root';

const CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules/.cache/stegvis-tests');

export default async function setup() {
  if (!process.env.STEGVIS_TEST_BUILT) {
    execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts/build.mjs')], { cwd: PROJECT_ROOT, stdio: 'inherit' });
    process.env.STEGVIS_TEST_BUILT = '1';
  }
  if (process.env.TEST_DATABASE_URL) return;
  const made = process.env.STEGVIS_TEST_PGLITE_TEMPLATE;
  if (made && existsSync(made)) return;
  const file = path.join(CACHE_DIR, `pglite-template-${templateKey()}.tar`);
  if (!existsSync(file)) await makeTemplate(file);
  process.env.STEGVIS_TEST_PGLITE_TEMPLATE = file;
}

/** What the template depends on: a change to any of it makes a new one. */
function templateKey(): string {
  const hash = createHash('sha256');
  for (const name of ['@electric-sql/pglite', '@prisma/schema-engine-wasm']) {
    const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
    hash.update(`${name}@${version}\n`);
  }
  for (const source of ['src/db/migrate.ts', 'src/db/schema-engine.ts']) hash.update(readFileSync(path.join(PROJECT_ROOT, source)));
  const { lockfile, migrationDirectories } = readMigrationList();
  hash.update(lockfile.content ?? '');
  for (const { path: directory, migrationFile } of migrationDirectories) {
    hash.update(`\n${directory}\n`);
    hash.update(migrationFile.content.tag === 'ok' ? migrationFile.content.value : '');
  }
  return hash.digest('hex').slice(0, 16);
}

async function makeTemplate(file: string): Promise<void> {
  const pglite = new PGlite();
  await applyMigrations({ kind: 'pglite', pglite });
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  mkdirSync(CACHE_DIR, { recursive: true });
  // Templates of earlier migrations go (after an hour: a run that started before may still read its own);
  // the new one is written whole, then renamed into place.
  for (const name of readdirSync(CACHE_DIR)) {
    const old = path.join(CACHE_DIR, name);
    if (/^pglite-template-\w+\.tar$/.test(name) && Date.now() - statSync(old).mtimeMs > 3_600_000) rmSync(old, { force: true });
  }
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, file);
}
