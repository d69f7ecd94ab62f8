/**
 * Gallring's configuration from the environment (docs/gallring.md names the source of each default;
 * the municipality confirms them before production).
 */
import { z } from 'zod';

/** What counts as an entry in a person's records when the retention period is counted from the last one. */
export const LAST_ENTRY_KINDS = ['arende', 'bedomning', 'dokument', 'formular', 'utskick', 'klientuppgifter'] as const;
export type LastEntryKind = (typeof LAST_ENTRY_KINDS)[number];

export interface GallringConfig {
  /** Years after the last entry in the person's records (12 kap. 1 § SoL 2001:453: five). */
  retentionYears: number;
  /** Which records date the last entry, besides the client's registration (always counted). */
  lastEntryKinds: readonly LastEntryKind[];
  /** Days of the month (of the birth date in the personnummer) whose people are never deleted: the research sample. */
  exceptionBirthDays: readonly number[];
  /** Clients kept whatever the dates say (a person chosen for research or archive purposes), by client id. */
  exceptionClientIds: readonly string[];
  /** Months an access-log row is kept (default 24). */
  accessLogRetentionMonths: number;
  /** The scheduler runs gallring once a day when true (default off). */
  scheduled: boolean;
}

export const DEFAULT_GALLRING = {
  retentionYears: 5,
  lastEntryKinds: LAST_ENTRY_KINDS,
  exceptionBirthDays: [5, 15, 25],
  accessLogRetentionMonths: 24,
} as const;

const positiveWhole = (fallback: number) =>
  z.string().trim().regex(/^[1-9]\d{0,2}$/, 'must be a positive whole number').transform(Number).default(fallback);

/** "a,b,c" into its trimmed, non-empty parts. */
const listOf = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');

const ZGallringEnv = z.object({
  GALLRING_RETENTION_YEARS: positiveWhole(DEFAULT_GALLRING.retentionYears),
  GALLRING_LAST_ENTRY: z
    .string()
    .transform(listOf)
    .pipe(z.array(z.enum(LAST_ENTRY_KINDS, { error: `each must be one of ${LAST_ENTRY_KINDS.join(', ')}` })).min(1))
    .default([...DEFAULT_GALLRING.lastEntryKinds]),
  // "none" turns the birth-day sample off (an empty variable means the default, as everywhere).
  GALLRING_EXCEPTION_BIRTH_DAYS: z
    .string()
    .transform((text) => (text.trim() === 'none' ? [] : listOf(text)))
    .pipe(z.array(z.string().regex(/^([1-9]|[12]\d|3[01])$/, 'each must be a day of the month, 1–31, or the whole value "none"').transform(Number)))
    .default([...DEFAULT_GALLRING.exceptionBirthDays]),
  GALLRING_EXCEPTION_CLIENT_IDS: z
    .string()
    .transform(listOf)
    .pipe(z.array(z.uuid({ error: 'each must be a client id (uuid)' })))
    .default([]),
  GALLRING_ACCESS_LOG_RETENTION_MONTHS: positiveWhole(DEFAULT_GALLRING.accessLogRetentionMonths),
  GALLRING_SCHEDULED: z.enum(['on', 'off'], { error: 'must be on or off' }).default('off'),
});

export function loadGallringConfig(env: Record<string, string | undefined> = process.env): GallringConfig {
  // An empty variable means "use the default", as if unset (as the deadline periods and the statistics).
  const raw = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = ZGallringEnv.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Invalid gallring configuration:\n${parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`).join('\n')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    retentionYears: e.GALLRING_RETENTION_YEARS,
    lastEntryKinds: Object.freeze([...new Set(e.GALLRING_LAST_ENTRY)]),
    exceptionBirthDays: Object.freeze([...new Set(e.GALLRING_EXCEPTION_BIRTH_DAYS)].sort((a, b) => a - b)),
    exceptionClientIds: Object.freeze([...new Set(e.GALLRING_EXCEPTION_CLIENT_IDS.map((id) => id.toLowerCase()))]),
    accessLogRetentionMonths: e.GALLRING_ACCESS_LOG_RETENTION_MONTHS,
    scheduled: e.GALLRING_SCHEDULED === 'on',
  });
}
