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

function loadEngineModule(): Promise<typeof engineGlue> {
  loaded ??= (async () => {
    const wasmPath = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm')), 'schema_engine_bg.wasm');
    const glue = engineGlue as typeof engineGlue & { __wbg_set_wasm(exports: unknown): void };
    const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), { './schema_engine_bg.js': glue });
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
  return glue.SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, onLog, bindMigrationAwareSqlAdapterFactory(adapterFactory));
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
