/**
 * Migrations of the anvisning machine's persisted snapshots, each from one version to the next
 * (machines/shared/versions.ts). Pure and total over the states and context shapes of the version
 * they start from (test/machines/anvisning-migrations.test.ts enumerates them from the frozen definition).
 * Notes are codes with parameters; their words are src/texts/process-messages.ts (`migrationNote`).
 */
import type { Migration } from '../shared/versions';
import { DEFAULT_RENEWAL_WINDOW_DAYS, type AnvisningContext, type Disagreement, type ExternalConsent } from './machine';
import type { AfActivity } from './v2/machine';
import type { AnvisningContextV1 } from './v1';
import type { AnvisningContextV2 } from './v2';
import type { AnvisningContextV3 } from './v3';

/** What a migration of the anvisning machine notes for the history. */
export type AnvisningMigrationNote =
  /** Version 1 recorded only "an AF activity is planned or going on" (`plannedAfActivity: true`): version 2's `afActivity` was chosen. */
  | { code: 'af_activity_chosen'; afActivity: AfActivity }
  /** The referral ended under version 1 because of an AF activity (`af_insats`), which version 2 no longer does: the end stands. */
  | { code: 'ended_for_af_activity_under_v1' }
  /** Version 2's missed inskrivning let either party rebook at once; version 3's waits for the socialsekreterare's decision. */
  | { code: 'missed_inskrivning_awaits_decision' }
  /** A closing of version 2 past its three-party meeting: the meeting held (its date, if recorded) counts as the closing's meeting. */
  | { code: 'closing_steps_any_order'; meetingHeldOn: string | null }
  /**
   * An open disagreement of version 2 (its topic was free text, kept in the stored event) became one about the closing
   * (`avslut`): version 2 held every closing step back while one was open, and so does an open disagreement about the closing.
   */
  | { code: 'disagreement_topic_chosen'; disagreementId: string; topic: 'avslut' }
  /** Version 2's external consents had no area: each is kept for both areas, so neither side loses a contact it could record. */
  | { code: 'external_consents_both_areas'; parties: number }
  /** Version 2 had no renewal window: the running referral gets the default (configuration reaches only referrals created later). */
  | { code: 'renewal_window_default'; days: number };
export type AnvisningMigrationNoteCode = AnvisningMigrationNote['code'];

/** A persisted snapshot as far as a migration reads it: the context typed, the rest (state value, status, …) carried over as it is. */
interface PersistedWithContext<C> {
  context: C;
  [key: string]: unknown;
}

/**
 * Version 1 → 2 (docs/process.md "1. Förberedelse"): an AF activity no longer ends the referral,
 * and the AF check records what it found (`afActivity`, its note) and any judgement that the activity is not
 * suitable. Every state of version 1 is a state of version 2 and stays as it is. Version 1 kept only the time
 * of the check: a referral that got past it had `plannedAfActivity: false` (→ `ingen`); `true` ended the
 * referral (`af_insats`), so it occurs only in ended referrals, where version 2 cannot tell planned from
 * ongoing: `planerad` is chosen, and noted.
 */
export function migrateAnvisningV1toV2(persisted: PersistedWithContext<AnvisningContextV1>): { persisted: PersistedWithContext<AnvisningContextV2>; notes: AnvisningMigrationNote[] } {
  const { samrad, ...rest } = persisted.context;
  const endedForAfActivity = rest.endReason === 'af_insats';
  const afActivity: AfActivity | null = samrad.afPlanCheckedAt === null ? null : endedForAfActivity ? 'planerad' : 'ingen';
  const context: AnvisningContextV2 = {
    ...rest,
    samrad: {
      ssbtekRecordedAt: samrad.ssbtekRecordedAt,
      afPlanCheckedAt: samrad.afPlanCheckedAt,
      afActivity,
      // Version 1 kept the note only in the stored event (the history still shows it).
      afPlanNote: null,
      afActivityUnsuitable: null,
      afNotifiedOn: samrad.afNotifiedOn,
    },
  };
  const notes: AnvisningMigrationNote[] = endedForAfActivity ? [{ code: 'af_activity_chosen', afActivity: 'planerad' }, { code: 'ended_for_af_activity_under_v1' }] : [];
  return { persisted: { ...persisted, context }, notes };
}

export const anvisningV1toV2: Migration = {
  from: 1,
  to: 2,
  migrate: (persisted) => migrateAnvisningV1toV2(persisted as PersistedWithContext<AnvisningContextV1>),
};

/** A state value as one dotted path ("avslut.trepartsmote"). */
function pathOf(value: unknown): string {
  if (typeof value === 'string') return value;
  const [key, child] = Object.entries((value ?? {}) as Record<string, unknown>)[0] ?? [];
  return key === undefined ? '' : [key, pathOf(child)].filter(Boolean).join('.');
}

/**
 * Version 2 → 3, förberedelse, inskrivning and avslut (process.md §1, §3, §6):
 * - förberedelse: nothing was declined or marked later under version 2 (`consentDeclined`, `protectedIdentityMarkedAt` start empty);
 * - `inskrivning.missad` stays missad: version 3 waits for the socialsekreterare's decision (new time, or none), noted;
 * - the avslut substates (`trepartsmote`, `avslutsdokument`, `avslutas`) become the one `avslut` state whose steps come in any
 *   order; what version 2 had done is kept. Past `trepartsmote` (not self-sufficient), the meeting held is the closing's meeting, noted.
 */
function migrateForberedelseInskrivningAvslutV2toV3(persisted: PersistedWithContext<AnvisningContextV2>): {
  value: unknown;
  context: Pick<AnvisningContext, 'protectedIdentityMarkedAt' | 'consentDeclined' | 'rescheduledInskrivningCount' | 'missedInskrivning' | 'closing'>;
  notes: AnvisningMigrationNote[];
} {
  const { context } = persisted;
  const path = pathOf(persisted.value);
  const notes: AnvisningMigrationNote[] = [];
  // A closing exists only in avslut and after it. Version 2 left `trepartsmote` only with THREE_PARTY_MEETING_HELD, and the
  // announcement had reset the meeting: a meeting held since is the closing's.
  const pastTheMeeting = context.closing !== null && !context.closing.selfSufficient && path !== 'avslut.trepartsmote';
  const meetingHeldOn = pastTheMeeting ? context.threePartyMeeting.heldOn : null;
  const closing = context.closing && { ...context.closing, meetingHeldOn, meetingNotHeld: null };
  if (path === 'inskrivning.missad') notes.push({ code: 'missed_inskrivning_awaits_decision' });
  if (pastTheMeeting && path.startsWith('avslut.')) notes.push({ code: 'closing_steps_any_order', meetingHeldOn });
  return {
    value: path.startsWith('avslut.') ? 'avslut' : persisted.value,
    context: { protectedIdentityMarkedAt: null, consentDeclined: null, rescheduledInskrivningCount: 0, missedInskrivning: null, closing },
    notes,
  };
}

/**
 * Version 2 → 3 (the routine as written, docs/process.md). Each part of the
 * routine moves its own states and context; every other field of version 2 is carried over.
 */
export function migrateAnvisningV2toV3(persisted: PersistedWithContext<AnvisningContextV2>): { persisted: PersistedWithContext<AnvisningContext>; notes: AnvisningMigrationNote[] } {
  const forberedelseInskrivningAvslut = migrateForberedelseInskrivningAvslutV2toV3(persisted);
  const insats = migrateInsatsRenewalDisagreementV2toV3(persisted.context, persisted.status === 'active');
  const context: AnvisningContext = { ...insats.context, ...forberedelseInskrivningAvslut.context };
  return { persisted: { ...persisted, value: forberedelseInskrivningAvslut.value, context }, notes: [...forberedelseInskrivningAvslut.notes, ...insats.notes] };
}

/**
 * Version 2 → 3, the running insats, the renewal and the oenighet (process.md §4, §5):
 * - the one open disagreement (`{ open, raisedCount }`) becomes an entry of the list, numbered as version 2 counted
 *   (`raisedCount`), with the topic `avslut` (noted; the text stays in the stored event, so the description is null);
 *   resolved ones of version 2 live only in the history;
 * - each external consent (a party) is kept for both areas (noted), as version 2 let either side record contacts;
 * - the renewal gets the default window (noted for a referral still running), no renewal samråd and nothing to
 *   communicate (version 2 asked for neither);
 * - no avvikelse was reported (version 2 had none).
 */
export function migrateInsatsRenewalDisagreementV2toV3(
  v2: AnvisningContextV2,
  active: boolean,
): { context: InsatsRenewalDisagreementV3; notes: AnvisningMigrationNote[] } {
  const { disagreement, externalConsents, ...rest } = v2;
  const notes: AnvisningMigrationNote[] = [];
  const disagreements: Disagreement[] = [];
  if (disagreement.open) {
    const id = String(Math.max(1, disagreement.raisedCount));
    disagreements.push({
      id,
      topic: 'avslut',
      description: null,
      raisedBy: disagreement.open.raisedBy,
      raisedAt: disagreement.open.raisedAt,
      samverkansfraga: false,
      positions: { forste_socialsekreterare: null, kc_samordnare: null },
      resolved: null,
    });
    notes.push({ code: 'disagreement_topic_chosen', disagreementId: id, topic: 'avslut' });
  }
  const consents: ExternalConsent[] = externalConsents.flatMap((party) => [
    { party, area: 'socialt_halsa' as const },
    { party, area: 'kompetens_jobb' as const },
  ]);
  if (externalConsents.length > 0) notes.push({ code: 'external_consents_both_areas', parties: externalConsents.length });
  if (active) notes.push({ code: 'renewal_window_default', days: DEFAULT_RENEWAL_WINDOW_DAYS });
  const context: InsatsRenewalDisagreementV3 = {
    ...rest,
    externalConsents: consents,
    avvikelser: { count: 0, acknowledgedCount: 0, latest: null },
    renewal: {
      windowDays: DEFAULT_RENEWAL_WINDOW_DAYS,
      samrad: { ssbtekRecordedAt: null, afPlanCheckedAt: null, afActivity: null, afActivityUnsuitable: null, afNotifiedOn: null },
      communicationPending: false,
    },
    disagreements,
  };
  return { context, notes };
}

/** What the insats, renewal and oenighet part of the migration gives: the context but for the förberedelse, inskrivning and avslut part's fields. */
type InsatsRenewalDisagreementV3 = Omit<AnvisningContext, 'protectedIdentityMarkedAt' | 'consentDeclined' | 'rescheduledInskrivningCount' | 'missedInskrivning' | 'closing'>;

export const anvisningV2toV3: Migration = {
  from: 2,
  to: 3,
  migrate: (persisted) => migrateAnvisningV2toV3(persisted as PersistedWithContext<AnvisningContextV2>),
};

/**
 * Version 3 → 4 (issue 18, docs/process.md "Plausible dates"): version 4 adds rules on the dates a step may carry
 * (checked when a step is asked for, never on a stored history) and optional reasons in three payloads. States and
 * context are as version 3 left them, so a running case moves up as it is; its stored dates, plausible or not, stay.
 */
export function migrateAnvisningV3toV4(persisted: PersistedWithContext<AnvisningContextV3>): { persisted: PersistedWithContext<AnvisningContext>; notes: AnvisningMigrationNote[] } {
  const context: AnvisningContext = persisted.context;
  return { persisted: { ...persisted, context }, notes: [] };
}

export const anvisningV3toV4: Migration = {
  from: 3,
  to: 4,
  migrate: (persisted) => migrateAnvisningV3toV4(persisted as PersistedWithContext<AnvisningContextV3>),
};
