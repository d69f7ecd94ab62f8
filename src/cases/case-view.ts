/**
 * What a user gets to see of a case: the machine's state and what this user may
 * do now, the client (masked where the law says so) and the parts of the
 * process this user's side may read.
 */
import { ANVISNING_VERSION, nextAnvisningSteps, statePathOf, statusOf, type AnvisningContext } from '../../machines/anvisning';
import { sideOf } from '../../machines/shared/roles';
import type { AuthUser } from '../auth/types';
import type { Prisma } from '../db/database';
import type { Unparsed } from '../db/row-types';
import { maySeePersonalData, mayUserSeeEvent, payloadUserSees } from './case-access';
import { formatPersonnummer } from '../clients/personnummer';
import { DEADLINE_ASSUMPTIONS, DEADLINE_LABELS, type DeadlineKind } from '../deadlines/deadline-policy';
import { fromDbDate } from '../deadlines/deadline-sync';
import { restoreCase } from './case-snapshot';
import { MACHINE_UPGRADED } from '../aggregates/creation-events';
import type { MigrationNote } from '../../machines/shared/versions';
import { machineUpgradedText, migrationNoteText } from '../texts/process-messages';

/** What a case view reads: the row with its client, responsible person and deadlines. */
export const caseInclude = {
  client: true,
  responsibleUser: { select: { id: true, displayName: true, unit: true } },
  deadlines: { orderBy: [{ dueDate: 'asc' }, { id: 'asc' }] },
} satisfies Prisma.CaseInclude;

/** The snapshot stays `unknown` until the machine restores it (restoreCase: moved up to the current version, then parsed). */
export type CaseRow = Unparsed<Prisma.CaseGetPayload<{ include: typeof caseInclude }>, 'snapshot'>;

export type DeadlineRow = Prisma.DeadlineGetPayload<object>;

export function deadlineView(deadline: DeadlineRow) {
  return {
    id: String(deadline.id),
    kind: deadline.kind,
    label: DEADLINE_LABELS[deadline.kind as DeadlineKind] ?? deadline.kind,
    /** Set when the deadline's period is Stegvis's assumption rather than the routine's (shown beside it). */
    assumption: DEADLINE_ASSUMPTIONS[deadline.kind as DeadlineKind] ?? null,
    dueDate: fromDbDate(deadline.dueDate),
    /** A booked meeting has a time, not a last day: the inskrivningsmöte's booked instant (its basis), else null. */
    meetingAt: deadline.kind === 'inskrivningsmote' ? deadline.basis : null,
    responsibleRole: deadline.responsibleRole,
    responsibleUserId: deadline.responsibleUserId,
    status: deadline.status,
    /** When the overdue step was raised to the escalation point (its e-mail queued), or null. */
    escalatedAt: deadline.escalatedAt?.toISOString() ?? null,
    closedAt: deadline.closedAt?.toISOString() ?? null,
  };
}

export function caseReference(number: number): string {
  return `KC-${String(number).padStart(6, '0')}`;
}

/** The parts of the process KC may read: what the uppdrag gives it (process.md "What KC sees"). */
const CONTEXT_KC_SEES = [
  'decision',
  'uppdrag',
  'inskrivning',
  'missedInskrivningCount',
  'rescheduledInskrivningCount',
  'missedInskrivning',
  'insatsStart',
  'genomforandeplan',
  'followUp',
  'threePartyMeeting',
  'significantEventCount',
  'externalConsents',
  'avvikelser',
  'disagreements',
  'closing',
  'endReason',
  'endedAt',
] as const satisfies readonly (keyof AnvisningContext)[];

function processFor(user: AuthUser, context: AnvisningContext): Partial<AnvisningContext> {
  if (sideOf(user.role) !== 'kc') return context;
  const seen: Partial<AnvisningContext> = Object.fromEntries(CONTEXT_KC_SEES.map((key) => [key, context[key]]));
  // [kc-view.external-consent-own-area] KC sees the consents in its own area only (process.md "What KC sees": consents and contacts in KC's own area).
  const externalConsents = context.externalConsents.filter((consent) => consent.area === 'kompetens_jobb');
  // The avvikelser KC reported, not whether the socialsekreterare has taken part of them (her AVVIKELSE_ACKNOWLEDGED is not in KC's history either).
  const { acknowledgedCount: _acknowledged, ...avvikelser } = context.avvikelser;
  return { ...seen, externalConsents, avvikelser } as Partial<AnvisningContext>;
}

export function clientFor(user: AuthUser, row: Pick<CaseRow, 'responsibleUserId' | 'client'>, where: 'single' | 'list' = 'single') {
  const { client } = row;
  const visible = maySeePersonalData(user, row, where);
  return {
    id: client.id,
    protectedIdentity: client.protectedIdentity,
    masked: !visible,
    name: visible ? client.name : null,
    personnummer: visible ? formatPersonnummer(client.personnummer) : null,
  };
}

/**
 * A step the machine offers that a check outside it would refuse now, with why and where to fix it
 * (`fix`: the document to complete); the page shows it as not yet possible instead of as a button.
 */
export interface NotYetPossibleStep {
  type: 'UPPDRAG_SENT';
  reasons: { code: 'uppdragsbeskrivning_lacks_own_assessment'; text: string; fix: { kind: 'uppdragsbeskrivning'; documentId: string } }[];
}

export function buildCaseView(user: AuthUser, row: CaseRow, now: Date, where: 'single' | 'list' = 'single') {
  const snapshot = restoreCase(row);
  // What this user may do now and what each step needs (the machine's step rules); allowedEvents is the list of its types.
  const nextSteps = nextAnvisningSteps(snapshot, user.role, now.toISOString(), { id: user.id, unit: user.unit });
  return {
    id: row.id,
    reference: caseReference(row.number),
    version: row.version,
    /** The definition of the routine the case runs on (machines/anvisning/versions.ts). */
    machineVersion: row.machineVersion,
    state: statePathOf(snapshot),
    status: statusOf(snapshot),
    endReason: snapshot.context.endReason,
    allowedEvents: nextSteps.map((step) => step.type),
    nextSteps,
    /** Filled by the case service (getCase) from the checks outside the machine. */
    notYetPossible: [] as NotYetPossibleStep[],
    client: clientFor(user, row, where),
    responsible: { id: row.responsibleUser.id, displayName: row.responsibleUser.displayName, unit: row.responsibleUser.unit },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    process: processFor(user, snapshot.context),
    deadlines: row.deadlines.map(deadlineView),
  };
}

export type CaseView = ReturnType<typeof buildCaseView>;

/**
 * A case in a list that a newer release has moved to a newer machine definition: this release does not
 * read its snapshot (src/aggregates/machine-versions.ts), so the list shows what the row says and no step;
 * opening it answers 409 machine_version_newer. One such case never breaks a list during an upgrade.
 */
export function buildListEntry(user: AuthUser, row: CaseRow, now: Date): CaseView {
  if (row.machineVersion <= ANVISNING_VERSION) return buildCaseView(user, row, now, 'list');
  return {
    id: row.id,
    reference: caseReference(row.number),
    version: row.version,
    machineVersion: row.machineVersion,
    state: row.state,
    status: row.status,
    endReason: null,
    allowedEvents: [],
    nextSteps: [],
    notYetPossible: [],
    client: clientFor(user, row, 'list'),
    responsible: { id: row.responsibleUser.id, displayName: row.responsibleUser.displayName, unit: row.responsibleUser.unit },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    process: {},
    deadlines: row.deadlines.map(deadlineView),
  };
}

/** Who sent each event, as a history shows it. */
export const eventActorInclude = { actor: { select: { id: true, displayName: true } } } satisfies Prisma.CaseEventInclude;

export type EventRow = Prisma.CaseEventGetPayload<{ include: typeof eventActorInclude }>;

export function buildHistoryView(user: AuthUser, events: EventRow[]) {
  return events
    .filter((event) => mayUserSeeEvent(user, event))
    .map((event) => ({
      seq: event.seq,
      type: event.type,
      ...(event.type === MACHINE_UPGRADED ? upgradeEntry(user, event.payload as UpgradePayload) : { payload: payloadUserSees(user, event) }),
      machineVersion: event.machineVersion,
      actor: { id: event.actor.id, displayName: event.actor.displayName, role: event.actorRole },
      occurredAt: event.occurredAt.toISOString(),
    }));
}

type UpgradePayload = { from: number; to: number; notes?: MigrationNote[] };

/** "Ärendet flyttades till version 2 av rutinen", and what the migration noted (not for KC: the notes are about the social file's steps). */
function upgradeEntry(user: AuthUser, payload: UpgradePayload) {
  const notes = sideOf(user.role) === 'kc' ? [] : (payload.notes ?? []).map(migrationNoteText);
  return { title: machineUpgradedText('case', payload.to), payload: { from: payload.from, to: payload.to, ...(notes.length > 0 ? { notes } : {}) } };
}
