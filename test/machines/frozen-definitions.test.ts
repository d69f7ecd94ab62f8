/**
 * Frozen definitions stay frozen (docs/architecture.md "Changing a machine"): every file of every
 * machines/<machine>/vN/ folder has the hash recorded here when it was frozen. A stored history of
 * version N replays with exactly the definition it was written under, or verify would flag it (or,
 * worse, pass a changed meaning). Freezing a new version adds its folder's hashes to this list.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FROZEN = JSON.parse(readFileSync(path.join(import.meta.dirname, 'frozen-definitions.json'), 'utf8')) as Record<string, Record<string, string>>;

function frozenFolders(): string[] {
  return readdirSync(path.join(ROOT, 'machines'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((machine) =>
      readdirSync(path.join(ROOT, 'machines', machine.name), { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && /^v\d+$/.test(entry.name))
        .map((version) => `machines/${machine.name}/${version.name}`),
    );
}

function hashes(folder: string): Record<string, string> {
  const files = readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return Object.fromEntries(
    files
      .map((entry) => path.relative(path.join(ROOT, folder), path.join(entry.parentPath, entry.name)))
      .sort()
      .map((file) => [file, createHash('sha256').update(readFileSync(path.join(ROOT, folder, file))).digest('hex')]),
  );
}

describe('frozen machine definitions', () => {
  it('are the folders the list records, and no recorded one is gone', () => {
    expect(frozenFolders().sort()).toEqual(Object.keys(FROZEN).sort());
  });

  it.each(frozenFolders())('%s is byte for byte as it was frozen', (folder) => {
    // A difference here means a frozen definition was edited: undo it, and make the change in the current definition instead.
    expect(hashes(folder), `hashes of ${folder} (a newly frozen folder: add these to test/machines/frozen-definitions.json)`).toEqual(FROZEN[folder]);
  });
});
