#!/usr/bin/env node
// Generates the Prisma client into src/db/generated without any download:
// `prisma generate` never runs the schema engine, but looks for its binary and
// would try to download it, so point it at a file that exists (any path will
// do: generate never runs it). Runs after `npm install`.
//
// The Prisma CLI is a dev dependency: a production install (`npm ci --omit=dev`)
// has none, and needs no client here either: it runs the build in dist/, made
// where the dev dependencies are, with the client compiled into it.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import process from 'node:process';

const require = createRequire(import.meta.url);
let prismaCli;
try {
  prismaCli = require.resolve('prisma/build/index.js');
} catch {
  console.log('prisma-generate: the Prisma CLI is not installed (no dev dependencies): the Prisma client is not generated; the build in dist/ has it.');
  process.exit(0);
}
const result = spawnSync(process.execPath, [prismaCli, 'generate'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(result.status ?? 1);
