/**
 * Prisma's own schema engine, as WebAssembly (@prisma/schema-engine-wasm): it
 * diffs and applies migrations with no native binary and no download, on any
 * driver adapter (PGlite or PostgreSQL). The package imports its .wasm as an
 * ES module: Node 24 does that without a flag, but still as an experimental
 * feature with an ExperimentalWarning on every start, so we instantiate the
 * .wasm here with the stable WebAssembly API.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import * as engineGlue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import { PROJECT_ROOT } from '../project-root';

const require = createRequire(import.meta.url);
export const PRISMA_DIR = path.join(PROJECT_ROOT, 'prisma');
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, 'migrations');
export const SCHEMA_PATH = path.join(PRISMA_DIR, 'schema.prisma');
export const NO_FILTERS = { externalTables: [], externalEnums: [] };

// Node has WebAssembly; neither lib ES2023 nor @types/node declares it as a value.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

let loaded: Promise<typeof engineGlue> | undefined;

/**
 * The engine sets a 10 s timeout around its work and never clears it (its glue has setTimeout but
 * no clearTimeout): left as it is, every process that applied migrations (`npm start`, `npm run
 * verify`, `npm run scheduler`) stayed alive for up to 10 s after it was done. The engine's
 * timeouts keep the process alive while an engine is open, as before, and no longer once the
 * last one is freed (they still fire if the process lives on).
 */
const engineTimers = new Set<ReturnType<typeof setTimeout>>();
let enginesOpen = 0;

function engineSetTimeout(callback: () => void, ms: number) {
  const timer = setTimeout(() => {
    engineTimers.delete(timer);
    callback();
  }, ms >>> 0);
  if (enginesOpen === 0) timer.unref();
  else engineTimers.add(timer);
  return timer;
}

function engineFreed() {
  enginesOpen -= 1;
  if (enginesOpen > 0) return;
  for (const timer of engineTimers) timer.unref();
  engineTimers.clear();
}

function loadEngineModule(): Promise<typeof engineGlue> {
  loaded ??= (async () => {
    const wasmPath = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm')), 'schema_engine_bg.wasm');
    const glue = engineGlue as typeof engineGlue & { __wbg_set_wasm(exports: unknown): void };
    // The glue's own setTimeout import (its name carries a hash) replaced by engineSetTimeout.
    const imports = Object.fromEntries(Object.entries(glue).map(([name, value]) => [name, name.startsWith('__wbg_setTimeout_') ? engineSetTimeout : value]));
    const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), { './schema_engine_bg.js': imports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return glue;
  })();
  return loaded;
}

export async function openSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  onLog: (line: string) => void = () => {},
): Promise<SchemaEngine> {
  const glue = await loadEngineModule();
  const schema = readFileSync(SCHEMA_PATH, 'utf8');
  // The engine needs the factory wrapped by bindMigrationAwareSqlAdapterFactory: an unwrapped one fails
  // inside it with "Cannot read properties of null (reading '#config')".
  enginesOpen += 1;
  let engine: SchemaEngine;
  try {
    engine = await glue.SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, onLog, bindMigrationAwareSqlAdapterFactory(adapterFactory));
  } catch (error) {
    engineFreed();
    throw error;
  }
  const free = engine.free.bind(engine);
  let freed = false;
  engine.free = () => {
    free();
    if (!freed) engineFreed();
    freed = true;
  };
  return engine;
}

/** The migrations folder as the engine wants it: every `<timestamp>_<name>/migration.sql`, in order. */
export function readMigrationList(baseDir = MIGRATIONS_DIR): MigrationList {
  const lockPath = path.join(baseDir, 'migration_lock.toml');
  let directories: string[] = [];
  try {
    directories = readdirSorted(baseDir);
  } catch {
    directories = [];
  }
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: readOrNull(lockPath) },
    shadowDbInitScript: '',
    migrationDirectories: directories.map((directory) => ({
      path: directory,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: readFileSync(path.join(baseDir, directory, 'migration.sql'), 'utf8') } },
    })),
  };
}

function readdirSorted(baseDir: string): string[] {
  return readdirSync(baseDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
