/**
 * Referrals of version 2 of the anvisning machine, from its frozen definition (machines/anvisning/v2) and
 * its frozen payloads (./anvisning-payloads-v2): the shortest path to every model state of version 2, each
 * as the events a version 2 release stored. The migration tests move each to version 3
 * (test/machines/anvisning-migration-v2-*.test.ts, anvisning-migrations-v2-insats.test.ts);
 * test/db/machine-upgrade-v2-insats.test.ts writes them to a database as that release did; the upgrade
 * rehearsal sends one per state to a running version 2 release (scripts/upgrade-rehearsal.ts), so every
 * payload here is one version 2's schemas accept.
 */
import { getShortestPaths } from 'xstate/graph';
import { statePathOf, statusOf } from '../../machines/anvisning';
import {
  ANVISNING_EVENT_ROLES_V2,
  ANVISNING_EVENT_TYPES_V2,
  anvisningMachineV2,
  applyAnvisningV2,
  persistAnvisningV2,
  startAnvisningV2,
  type AnvisningEventTypeV2,
  type AnvisningEventV2,
  type AnvisningInputV2,
  type AnvisningSnapshotV2,
} from '../../machines/anvisning/v2';
import type { Role } from '../../machines/shared/roles';
import { CASE_CREATED } from '../../src/aggregates/creation-events';
import type { Database, Prisma } from '../../src/db/database';
import { samplePayloadsV2 } from './anvisning-payloads-v2';
import { personnummerFor } from './test-app';

export const DURING_DECISION = '2026-06-01T09:00:00.000Z';
export const AFTER_EXPIRY = '2027-02-02T09:00:00.000Z';
export const USERS_V2: Record<Role, { id: string; unit: string }> = {
  socialsekreterare: { id: 'anna', unit: 'SF Nordost' },
  arbetsmarknadskonsulent: { id: 'kalle', unit: 'KC' },
  forste_socialsekreterare: { id: 'fatima', unit: 'SF Nordost' },
  kc_samordnare: { id: 'sven', unit: 'KC' },
  system: { id: 'system', unit: 'Stegvis' },
};
/** Handovers change who the users are, not the process: left out, as in the model-based tests. */
const HANDOVERS = new Set(['RESPONSIBLE_CHANGED', 'TRANSFER_REQUESTED', 'TRANSFER_ACCEPTED', 'TRANSFER_CANCELLED']);

/** Version 2's payloads for an event: its frozen sample, and the variants that take other transitions. */
export function payloadVariantsV2(type: AnvisningEventTypeV2): object[] {
  switch (type) {
    case 'AF_PLAN_CHECKED':
      return [{ afActivity: 'ingen' }, { afActivity: 'planerad' }];
    case 'CLOSING_ANNOUNCED':
      return [
        { reason: 'arbete', selfSufficient: true },
        { reason: 'ohalsa', selfSufficient: false },
      ];
    default:
      return [samplePayloadsV2[type]];
  }
}

export interface EventsV2Options {
  /** KC's consultant steps only once a consultant is assigned (as a release serves them); false: whenever the machine takes them. */
  consultantAssignedFirst?: boolean;
}

/** Every event version 2 takes now (handovers left out), each sent by the first role its table names. */
export function eventsV2(snapshot: AnvisningSnapshotV2, { consultantAssignedFirst = true }: EventsV2Options = {}): AnvisningEventV2[] {
  if (snapshot.status !== 'active') return [];
  return ANVISNING_EVENT_TYPES_V2.filter((type) => !HANDOVERS.has(type)).flatMap((type) => {
    const role = ANVISNING_EVENT_ROLES_V2[type][0]!;
    if (consultantAssignedFirst && role === 'arbetsmarknadskonsulent' && !snapshot.context.kcConsultantId) return [];
    const at = type === 'DECISION_EXPIRED' || snapshot.context.decisionExpired ? AFTER_EXPIRY : DURING_DECISION;
    const user = USERS_V2[role];
    return payloadVariantsV2(type)
      .map((payload) => ({ type, ...payload, meta: { actorId: user.id, role, at, unit: user.unit } }) as AnvisningEventV2)
      .filter((event) => snapshot.can(event));
  });
}

/** A model state of version 2: the state, what its guards read, and what the migration to version 3 reads. */
export function keyV2(snapshot: AnvisningSnapshotV2): string {
  const c = snapshot.context;
  return JSON.stringify([
    statePathOf(snapshot as never),
    c.criteria !== null,
    c.consentRecordedAt !== null,
    c.arbetsplanUpdatedAt !== null,
    c.samordnareConsultedAt !== null,
    c.samrad.afActivity,
    c.endReason,
    c.disagreement.open !== null,
    c.externalConsents.length > 0,
    c.decisionExpired,
    c.decisionCount > 1,
    c.kcConsultantId != null,
    c.closing ? [c.closing.insatsClosedAt !== null, c.closing.gwaClosedAt !== null] : null,
    c.genomforandeplan.establishedOn !== null,
    c.followUp.bookedAt !== null,
    c.protectedIdentity,
  ]);
}

export interface V2Referral {
  input: AnvisningInputV2;
  events: AnvisningEventV2[];
  snapshot: AnvisningSnapshotV2;
}

/** The shortest path to every model state of version 2 (as `serializeState` tells them apart), for an ordinary and a protected client. */
export function v2Referrals(serializeState: (snapshot: AnvisningSnapshotV2) => string = keyV2, options: EventsV2Options = {}): V2Referral[] {
  return [{ protectedIdentity: false }, { protectedIdentity: true }].flatMap((input) =>
    getShortestPaths(anvisningMachineV2, {
      input,
      events: (snapshot) => eventsV2(snapshot, options),
      serializeState,
      serializeEvent: (event) => JSON.stringify({ ...event, meta: undefined }),
    }).map((path) => {
      // The snapshot from the events themselves: a path's `state` may have been reached by another route through self-loops.
      const events = path.steps.slice(1).map((step) => step.event);
      return { input, events, snapshot: events.reduce(applyAnvisningV2, startAnvisningV2(input)) };
    }),
  );
}

/**
 * The shortest referral to each state of version 2 (an ended one per reason, a closing with and without
 * self-sufficiency; with and without an open disagreement where one can be open), for an ordinary and a
 * protected client: a database's worth.
 */
export function v2ReferralPerState(): V2Referral[] {
  const chosen = new Map<string, V2Referral>();
  for (const referral of v2Referrals((snapshot) => JSON.stringify([keyV2(snapshot), snapshot.context.closing?.selfSufficient]))) {
    const c = referral.snapshot.context;
    const key = JSON.stringify([c.protectedIdentity, statePathOf(referral.snapshot as never), c.endReason, c.closing?.selfSufficient, c.disagreement.open !== null]);
    const best = chosen.get(key);
    if (!best || referral.events.length < best.events.length) chosen.set(key, referral);
  }
  return [...chosen.values()];
}

let serial = 0;

/** One referral as a version 2 release stored it: client, case row and history, all of version 2. */
export async function writeAsVersion2(prisma: Database['prisma'], referral: V2Referral): Promise<string> {
  serial += 1;
  const client = await prisma.client.create({
    data: { personnummer: personnummerFor('1981-02-02', serial).replace('-', ''), name: `Klient v2 ${serial}`, protectedIdentity: referral.input.protectedIdentity },
  });
  const { snapshot } = referral;
  const c = snapshot.context;
  const kase = await prisma.case.create({
    data: {
      clientId: client.id,
      responsibleUserId: 'anna',
      unit: 'SF Nordost',
      state: statePathOf(snapshot as never),
      status: statusOf(snapshot as never),
      snapshot: persistAnvisningV2(snapshot) as Prisma.InputJsonValue,
      machineVersion: 2,
      version: referral.events.length + 1,
      sentToKc: c.uppdrag !== null,
      samordnareConsulted: c.samordnareConsultedAt !== null,
      kcConsultantId: c.kcConsultantId ?? null,
      decisionValidUntil: c.decision ? new Date(`${c.decision.validUntil}T00:00:00Z`) : null,
    },
  });
  const created = { type: CASE_CREATED, ...referral.input, meta: { actorId: 'anna', role: 'socialsekreterare', unit: 'SF Nordost', at: '2026-01-15T09:00:00.000Z' } };
  const history: { type: string; meta: AnvisningEventV2['meta'] }[] = [created as never, ...referral.events];
  await prisma.caseEvent.createMany({
    data: history.map((event, index) => {
      const { type, meta, ...payload } = event;
      return { caseId: kase.id, seq: index + 1, type, payload: payload as Prisma.InputJsonValue, actorId: meta.actorId, actorRole: meta.role, actorUnit: meta.unit ?? null, occurredAt: new Date(meta.at), machineVersion: 2 };
    }),
  });
  return kase.id;
}
