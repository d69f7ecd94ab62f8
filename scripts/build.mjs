#!/usr/bin/env node
// `npm run build` (and before `npm start`, `npm run verify`, `npm run scheduler`, `npm run gallring`):
// compiles the server and its command-line tools into dist/ as ES modules for
// Node 24, one bundle each (src/, machines/ and the generated Prisma client inside;
// the packages stay in node_modules). Type checking is `npm run typecheck`.
// At run time the bundles read prisma/, content/ and web/ from the project folder
// (src/project-root.ts), so dist/ goes with the rest of the repository.
//
// esbuild is a dev dependency. A production install (`npm ci --omit=dev`) has
// none: there the build made before, on a machine with dev dependencies, is used.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'dist');
const ENTRY_POINTS = { main: 'src/main.ts', verify: 'src/cli/verify.ts', scheduler: 'src/cli/scheduler.ts', 'migrate-cases': 'src/cli/migrate-cases.ts', gallring: 'src/cli/gallring.ts' };

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  const built = Object.keys(ENTRY_POINTS).every((name) => existsSync(path.join(DIST, `${name}.js`)));
  if (built) {
    console.log('build: no dev dependencies here (esbuild is not installed): using the build in dist/');
    process.exit(0);
  }
  console.error(
    'build: dist/ is missing and esbuild is not installed. The build needs the dev dependencies: ' +
      'run `npm install` (or `npm ci`) without --omit=dev and with NODE_ENV other than production, then `npm run build`.',
  );
  process.exit(1);
}

if (!existsSync(path.join(ROOT, 'src/db/generated/client.ts'))) {
  console.error('build: the Prisma client is missing (src/db/generated): run `npm install`, which generates it.');
  process.exit(1);
}

rmSync(DIST, { recursive: true, force: true });
const started = Date.now();
await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: ENTRY_POINTS,
  outdir: DIST,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node24',
  // Class and function names as in the source (error names, logs).
  keepNames: true,
  // Stack traces point into src/ when run with --enable-source-maps (`npm start` does).
  sourcemap: 'linked',
  logLevel: 'warning',
});
console.log(`build: ${Object.keys(ENTRY_POINTS).map((name) => `dist/${name}.js`).join(', ')} in ${Date.now() - started} ms`);
