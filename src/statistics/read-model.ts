/**
 * The statistics' read model (docs/statistics.md "The read model"): per referral, the facts the follow-up counts,
 * as `storedFactsOf` (compact-facts.ts) makes them, in "ReferralStatistics". The statistics' read takes a referral's
 * stored facts when they are current and otherwise reads its history, computes them and stores them
 * (`storeFacts`); triggers make a row stale in the transaction that changes what it is made of, at its commit
 * (migration 20261203122410_referral_statistics). A unit's year at a million referrals is then one read of short texts
 * instead of 600,000 events and deadlines (docs/performance.md "Statistics at scale").
 */
import { Prisma, type PrismaClient } from '../db/database';
import type { CompactDeadline, CompactReferral, StoredReferralFacts } from './compact-facts';
import { storedFactsOf } from './compact-facts';
import { ASSESSMENT_EVENTS_READ, COUNT_MEASURES, DURATION_MEASURES, SHARE_MEASURES, type Fact, type TrackGroup } from './measures';

/**
 * The version of what a stored row holds: raise it with any change to what `storedFactsOf` gives or to its
 * encoding, and every row is computed again at its next read (a row of another version is stale).
 * `npm run verify` compares every current row with its history and finds a change made without raising it.
 */
export const FACTS_DEFINITION = 1;

/** [measure, day, value]: a count's events, a duration's days, a share's hit as 1 or 0. */
type FactTuple = readonly [measure: string, day: string, value: number];
type EncodedFacts = readonly [facts: readonly FactTuple[], deadlines: readonly CompactDeadline[], ageDay: string, track: TrackGroup];

const KIND_OF = new Map<string, 'count' | 'duration' | 'share'>([
  ...COUNT_MEASURES.map((measure) => [measure, 'count'] as const),
  ...DURATION_MEASURES.map((measure) => [measure, 'duration'] as const),
  ...SHARE_MEASURES.map((measure) => [measure, 'share'] as const),
]);

/** A referral's stored facts as the text "ReferralStatistics"."facts" holds (a third of the facts' JSON as objects). */
export function encodeStoredFacts(stored: StoredReferralFacts): string {
  const facts = stored.facts.map((fact): FactTuple => {
    // A referral's own facts carry no track and no average (those are a bedömningsstöd's): the tuple has no room for them.
    if (fact.track !== undefined || fact.kind === 'average') throw new Error(`A referral's fact cannot be stored: ${fact.measure}`);
    return [fact.measure, fact.day, fact.kind === 'count' ? fact.events : fact.kind === 'duration' ? fact.days : fact.hit ? 1 : 0];
  });
  return JSON.stringify([facts, stored.deadlines, stored.ageDay, stored.track] satisfies EncodedFacts);
}

/** The facts `encodeStoredFacts` wrote, already parsed (the read parses a few hundred rows' texts at once). */
export function decodeStoredFacts(encoded: EncodedFacts): StoredReferralFacts {
  const [tuples, deadlines, ageDay, track] = encoded;
  const facts = tuples.map(([measure, day, value]): Fact => {
    const kind = KIND_OF.get(measure);
    if (kind === 'count') return { kind, measure: measure as Extract<Fact, { kind: 'count' }>['measure'], day, events: value };
    if (kind === 'duration') return { kind, measure: measure as Extract<Fact, { kind: 'duration' }>['measure'], day, days: value };
    if (kind === 'share') return { kind, measure: measure as Extract<Fact, { kind: 'share' }>['measure'], day, hit: value === 1 };
    throw new Error(`Stored statistics name a measure this version does not have: ${measure} (raise FACTS_DEFINITION)`);
  });
  return { facts, deadlines, ageDay, track };
}

const epochMs = (column: Prisma.Sql) => Prisma.sql`(extract(epoch from ${column}) * 1000)::bigint`;

/**
 * A deadline's status as the facts read it: overdue is open (an open duty is judged by the day of the read), so the
 * scheduler's marking of overdue duties changes no stored facts and makes none stale (the trigger passes it over).
 */
const deadlineStatus = Prisma.sql`(CASE WHEN d.status = 'overdue' THEN 'open' ELSE d.status::text END)`;

/**
 * The JSON of the referral `s` ("Case" columns id, clientId, createdAt, status) as a StaleReferral, with the
 * generation its row `f` ("ReferralStatistics", left-joined) has in the same snapshot: every event the statistics
 * read, every deadline, the client's bedömningsstöd. Each from a covering index (migration
 * 20261202221000_statistics_read_indexes); the deadlines in a fixed order, so the same history always stores the
 * same text (verify compares them).
 */
export const historyJson = Prisma.sql`json_build_object(
      'id', s.id,
      'generation', coalesce(f.generation, 0),
      'createdAt', ${epochMs(Prisma.sql`s."createdAt"`)},
      'status', s.status::text,
      'events', (SELECT json_agg(json_build_array(e.type, ${epochMs(Prisma.sql`e."occurredAt"`)}, e."statisticsFields") ORDER BY e.seq)
         FROM "CaseEvent" e WHERE e."caseId" = s.id AND e."statisticsFields" IS NOT NULL),
      'deadlines', (SELECT json_agg(json_build_array(d.kind, to_char(d."dueDate", 'YYYY-MM-DD'), ${deadlineStatus}, ${epochMs(Prisma.sql`d."closedAt"`)}, ${epochMs(Prisma.sql`d."escalatedAt"`)})
           ORDER BY d.kind, d."dueDate", ${deadlineStatus}, d."closedAt", d."escalatedAt")
         FROM "Deadline" d WHERE d."caseId" = s.id),
      'assessment', (SELECT json_agg(json_build_array(ae.type, ${epochMs(Prisma.sql`ae."occurredAt"`)}, CASE WHEN ae.type = 'INRIKTNING_CHOSEN' THEN ae.payload->'tracks' END) ORDER BY ae.seq)
         FROM "Assessment" a JOIN "AssessmentEvent" ae ON ae."assessmentId" = a.id
         WHERE a."clientId" = s."clientId" AND ae.type IN (${Prisma.join([...ASSESSMENT_EVENTS_READ])}))
    )`;

/** The condition on "ReferralStatistics" f that its facts are current. */
export const factsCurrent = Prisma.sql`f.facts IS NOT NULL AND f.definition = ${FACTS_DEFINITION}`;

/** Facts a read computed, to store: the generation is the row's as the read found it (0: no row yet). */
export interface FactsToStore {
  caseId: string;
  generation: number;
  facts: string;
}

/** A referral's history as the read found it stale: its CompactReferral (without personnummer), id and generation. */
export type StaleReferral = Omit<CompactReferral, 'personnummer'> & { id: string; generation: number };

/** The stored facts of a stale referral, and what to store. */
export function computeStale(row: StaleReferral): { stored: StoredReferralFacts; store: FactsToStore } {
  const stored = storedFactsOf(row);
  return { stored, store: { caseId: row.id, generation: row.generation, facts: encodeStoredFacts(stored) } };
}

/** Rows per statement: a few MB of JSON at most. */
const STORE_BATCH = 2_000;

/**
 * Stores the facts a read computed, each only where its row's generation is still the one read with them: a change
 * committed since (a trigger raised the generation) keeps the row stale. A row a transaction holds (a step of that
 * referral committing, about to make it stale) is passed over, never waited for, so a read neither delays nor
 * deadlocks with a step. A referral with no row (generation 0: loaded without triggers) is not stored: inserting its
 * row would wait on a step's lock of the referral. Returns how many rows were written.
 */
export async function storeFacts(prisma: PrismaClient, rows: readonly FactsToStore[]): Promise<number> {
  const ordered = rows.filter((row) => row.generation > 0).sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  let written = 0;
  for (let start = 0; start < ordered.length; start += STORE_BATCH) {
    const batch = JSON.stringify(ordered.slice(start, start + STORE_BATCH));
    written += await prisma.$executeRaw`
      WITH input AS (SELECT * FROM json_to_recordset(${batch}::json) AS r("caseId" uuid, generation int, facts text)),
      claimed AS (
        SELECT f."caseId" FROM "ReferralStatistics" f JOIN input r ON r."caseId" = f."caseId" AND r.generation = f.generation
        ORDER BY f."caseId" FOR UPDATE OF f SKIP LOCKED)
      UPDATE "ReferralStatistics" f SET definition = ${FACTS_DEFINITION}, facts = r.facts
      FROM input r JOIN claimed c ON c."caseId" = r."caseId"
      WHERE f."caseId" = r."caseId" AND f.generation = r.generation`;
  }
  return written;
}

export interface ReadModelCheck {
  /** Rows with current facts, each compared with its history. */
  checked: number;
  /** Rows stale or of another definition (computed at their next read). */
  stale: number;
  /** Referrals whose stored facts differ from their history's (ids only). */
  mismatches: string[];
}

/** Every current row compared with the facts its history gives now (`npm run verify`), in batches by referral. */
export async function verifyReadModel(prisma: PrismaClient, batch = 1_000): Promise<ReadModelCheck> {
  const result: ReadModelCheck = { checked: 0, stale: 0, mismatches: [] };
  const [{ stale }] = await prisma.$queryRaw<[{ stale: bigint }]>`SELECT count(*) AS stale FROM "ReferralStatistics" f WHERE NOT (${factsCurrent})`;
  result.stale = Number(stale);
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    // The row and its history in one statement: one snapshot, so a change committed meanwhile is in both or neither.
    const rows = await prisma.$queryRaw<{ caseId: string; facts: string; history: string }[]>`
      SELECT f."caseId", f.facts, ${historyJson}::text AS history
      FROM "ReferralStatistics" f JOIN "Case" s ON s.id = f."caseId"
      WHERE f."caseId" > ${after}::uuid AND ${factsCurrent}
      ORDER BY f."caseId" LIMIT ${batch}`;
    if (rows.length === 0) return result;
    for (const row of rows) {
      result.checked += 1;
      const history = JSON.parse(row.history) as Omit<CompactReferral, 'personnummer'>;
      if (encodeStoredFacts(storedFactsOf(history)) !== row.facts) result.mismatches.push(row.caseId);
    }
    after = rows[rows.length - 1]!.caseId;
  }
}
