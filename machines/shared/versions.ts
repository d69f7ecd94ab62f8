/**
 * Machine versions (docs/architecture.md "Changing a machine"). Each machine has a definition
 * version; a stored snapshot names the version it was written under. Moving a snapshot up is a
 * chain of pure migrations N → N+1, each written next to the definition it leads to, each
 * total over the states and context shapes of N (the tests enumerate them from N's frozen
 * definition). A migration may leave notes for the history: a state with no meaning any more,
 * a value it had to choose.
 */

/** A code with parameters, put into words by src/texts (like every code the machines produce). */
export interface MigrationNote {
  code: string;
  [param: string]: string | number | boolean | null;
}

export interface Migration {
  from: number;
  to: number;
  /** A persisted snapshot of `from` to a persisted snapshot of `to`; pure, total. */
  migrate(persisted: unknown): { persisted: unknown; notes: MigrationNote[] };
}

/** What one definition version needs to replay its part of a history. */
export interface DefinitionVersion<Input = never, Event = never> {
  version: number;
  start(input: Input): unknown;
  restore(persisted: unknown): unknown;
  /** Apply one stored event (already accepted when it was stored: no role check). */
  apply(snapshot: unknown, event: Event): unknown;
  persist(snapshot: unknown): unknown;
}

export interface MachineVersions<Input = never, Event = never> {
  machine: 'anvisning' | 'bedomning';
  current: number;
  definitions: ReadonlyMap<number, DefinitionVersion<Input, Event>>;
  migrations: readonly Migration[];
}

/** A snapshot written by a newer definition than this release knows: never read or written here. */
export class NewerMachineVersionError extends Error {
  constructor(
    readonly machine: string,
    readonly stored: number,
    readonly current: number,
  ) {
    super(`${machine} snapshot of version ${stored}, this release runs version ${current}`);
  }
}

export interface UpgradeStep {
  from: number;
  to: number;
  notes: MigrationNote[];
}

/** Move a persisted snapshot from `from` to the current version, one migration at a time. */
export function upgradePersisted(versions: Pick<MachineVersions, 'machine' | 'current' | 'migrations'>, persisted: unknown, from: number): { persisted: unknown; steps: UpgradeStep[] } {
  if (from > versions.current) throw new NewerMachineVersionError(versions.machine, from, versions.current);
  const steps: UpgradeStep[] = [];
  let value = persisted;
  for (let version = from; version < versions.current; version += 1) {
    const migration = versions.migrations.find((candidate) => candidate.from === version);
    if (!migration || migration.to !== version + 1) throw new Error(`${versions.machine}: no migration from version ${version}`);
    const result = migration.migrate(value);
    value = result.persisted;
    steps.push({ from: migration.from, to: migration.to, notes: result.notes });
  }
  return { persisted: value, steps };
}

/** One entry of a stored history, as replay needs it. */
export type HistoryEntry<Input, Event> =
  | { kind: 'start'; version: number; input: Input }
  | { kind: 'event'; version: number; event: Event }
  | { kind: 'upgrade'; from: number; to: number };

/**
 * Replay a history across versions: each event under the definition it was applied under, each
 * recorded upgrade through its migration. Returns the persisted snapshot at the end and its version.
 */
export function replayHistory<Input, Event>(
  versions: MachineVersions<Input, Event>,
  entries: readonly HistoryEntry<Input, Event>[],
): { persisted: unknown; snapshot: unknown; version: number } {
  const definition = (version: number) => {
    const found = versions.definitions.get(version);
    if (!found) throw new Error(`${versions.machine}: no definition of version ${version}`);
    return found;
  };
  let version = 0;
  let snapshot: unknown;
  for (const entry of entries) {
    if (entry.kind === 'start') {
      version = entry.version;
      snapshot = definition(version).start(entry.input);
    } else if (entry.kind === 'event') {
      if (entry.version !== version) throw new Error(`an event of version ${entry.version} in a history at version ${version}`);
      snapshot = definition(version).apply(snapshot, entry.event);
    } else {
      if (entry.from !== version) throw new Error(`an upgrade from version ${entry.from} in a history at version ${version}`);
      const upgraded = upgradePersisted({ ...versions, current: entry.to }, definition(version).persist(snapshot), entry.from);
      version = entry.to;
      snapshot = definition(version).restore(upgraded.persisted);
    }
  }
  if (version === 0) throw new Error('the history does not start');
  return { persisted: definition(version).persist(snapshot), snapshot, version };
}

/**
 * A stored snapshot as the current definition stores it: migrated from the version it was written
 * under and normalised by the current definition (restore, persist), as `replayHistory` ends.
 */
export function upgradeToCurrent(versions: MachineVersions<unknown, unknown>, persisted: unknown, from: number): { persisted: unknown; steps: UpgradeStep[] } {
  if (from === versions.current) return { persisted, steps: [] };
  // A newer version than `current` throws NewerMachineVersionError here.
  const upgraded = upgradePersisted(versions, persisted, from);
  const current = versions.definitions.get(versions.current);
  if (!current) throw new Error(`${versions.machine}: no definition of version ${versions.current}`);
  return { persisted: current.persist(current.restore(upgraded.persisted)), steps: upgraded.steps };
}
