/**
 * Referrals of version 1 of the anvisning machine, from its frozen definition (machines/anvisning/v1):
 * the shortest path to every model state of version 1, each as the events a version 1 release
 * stored. The migration tests move each to the current version; test/db/machine-upgrade.test.ts
 * writes them to a database as that release did and starts the current release on it.
 */
import { getShortestPaths } from 'xstate/graph';
import { statePathOf, statusOf } from '../../machines/anvisning';
import { CASE_CREATED } from '../../src/aggregates/creation-events';
import type { Database, Prisma } from '../../src/db/database';
import { personnummerFor } from './test-app';
import {
  applyAnvisningV1,
  persistAnvisningV1,
  startAnvisningV1,
  ANVISNING_EVENT_ROLES_V1,
  ANVISNING_EVENT_TYPES_V1,
  anvisningMachineV1,
  type AnvisningEventTypeV1,
  type AnvisningEventV1,
  type AnvisningInputV1,
  type AnvisningSnapshotV1,
} from '../../machines/anvisning/v1';
import { samplePayloadsV1 } from './anvisning-payloads-v1';

const DURING_DECISION = '2026-06-01T09:00:00.000Z';
const AFTER_EXPIRY = '2027-02-02T09:00:00.000Z';
const USERS = {
  socialsekreterare: { id: 'anna', unit: 'SF Nordost' },
  arbetsmarknadskonsulent: { id: 'kalle', unit: 'KC' },
  forste_socialsekreterare: { id: 'fatima', unit: 'SF Nordost' },
  kc_samordnare: { id: 'sven', unit: 'KC' },
  system: { id: 'system', unit: 'Stegvis' },
} as const;
/** Handovers change who the users are, not the process: left out, as in the model-based tests. */
const HANDOVERS = new Set(['RESPONSIBLE_CHANGED', 'TRANSFER_REQUESTED', 'TRANSFER_ACCEPTED', 'TRANSFER_CANCELLED']);

function variants(type: AnvisningEventTypeV1): object[] {
  switch (type) {
    case 'AF_PLAN_CHECKED':
      return [{ plannedAfActivity: false }, { plannedAfActivity: true }];
    case 'CLOSING_ANNOUNCED':
      return [
        { reason: 'arbete', selfSufficient: true },
        { reason: 'ohalsa', selfSufficient: false },
      ];
    default:
      return [samplePayloadsV1[type]];
  }
}

function eventsIn(snapshot: AnvisningSnapshotV1): AnvisningEventV1[] {
  if (snapshot.status !== 'active') return [];
  return ANVISNING_EVENT_TYPES_V1.filter((type) => !HANDOVERS.has(type)).flatMap((type) => {
    const role = ANVISNING_EVENT_ROLES_V1[type][0]!;
    if (role === 'arbetsmarknadskonsulent' && !snapshot.context.kcConsultantId) return [];
    const at = type === 'DECISION_EXPIRED' || snapshot.context.decisionExpired ? AFTER_EXPIRY : DURING_DECISION;
    const user = USERS[role as keyof typeof USERS];
    return variants(type)
      .map((payload) => ({ type, ...payload, meta: { actorId: user.id, role, at, unit: user.unit } }) as AnvisningEventV1)
      .filter((event) => snapshot.can(event));
  });
}

/** What tells two version 1 referrals apart for what can happen next (counters and times left out: the graph stays finite). */
function serialize(snapshot: AnvisningSnapshotV1): string {
  const c = snapshot.context;
  return JSON.stringify([
    snapshot.value,
    c.protectedIdentity,
    c.criteria !== null,
    c.consentRecordedAt !== null,
    c.arbetsplanUpdatedAt !== null,
    c.samordnareConsultedAt !== null,
    c.genomforandeplan.establishedOn !== null,
    c.followUp.bookedAt !== null,
    c.externalConsents.length > 0,
    c.disagreement.open !== null,
    c.decisionExpired,
    c.closing?.insatsClosedAt != null,
    c.closing?.gwaClosedAt != null,
    c.kcConsultantId != null,
    c.endReason,
  ]);
}

export interface V1Referral {
  input: AnvisningInputV1;
  events: AnvisningEventV1[];
  snapshot: AnvisningSnapshotV1;
}

/** The shortest path to every model state of version 1, for an ordinary and a protected client. */
export function v1Referrals(): V1Referral[] {
  return [{ protectedIdentity: false }, { protectedIdentity: true }].flatMap((input) =>
    getShortestPaths(anvisningMachineV1, {
      input,
      events: eventsIn,
      serializeState: serialize,
      serializeEvent: (event) => JSON.stringify({ ...event, meta: undefined }),
    }).map((path) => {
      // The snapshot from the events themselves: a path's `state` may have been reached by another route through self-loops.
      const events = path.steps.slice(1).map((step) => step.event);
      return { input, events, snapshot: events.reduce(applyAnvisningV1, startAnvisningV1(input)) };
    }),
  );
}

let serial = 0;


/** One referral as a version 1 release stored it: client, case row and history, all of version 1. */
export async function writeAsVersion1(prisma: Database['prisma'], referral: V1Referral): Promise<string> {
  serial += 1;
  const client = await prisma.client.create({
    data: { personnummer: personnummerFor('1980-01-01', serial).replace('-', ''), name: `Klient ${serial}`, protectedIdentity: referral.input.protectedIdentity },
  });
  const snapshot: AnvisningSnapshotV1 = referral.snapshot;
  const c = snapshot.context;
  const kase = await prisma.case.create({
    data: {
      clientId: client.id,
      responsibleUserId: 'anna',
      unit: 'SF Nordost',
      state: statePathOf(snapshot as never),
      status: statusOf(snapshot as never),
      snapshot: persistAnvisningV1(snapshot) as Prisma.InputJsonValue,
      machineVersion: 1,
      version: referral.events.length + 1,
      sentToKc: c.uppdrag !== null,
      samordnareConsulted: c.samordnareConsultedAt !== null,
      kcConsultantId: c.kcConsultantId ?? null,
      decisionValidUntil: c.decision ? new Date(`${c.decision.validUntil}T00:00:00Z`) : null,
    },
  });
  const created = { type: CASE_CREATED, ...referral.input, meta: { actorId: 'anna', role: 'socialsekreterare', unit: 'SF Nordost', at: '2026-01-15T09:00:00.000Z' } };
  const history: { type: string; meta: AnvisningEventV1['meta'] }[] = [created as never, ...referral.events];
  await prisma.caseEvent.createMany({
    data: history.map((event, index) => {
      const { type, meta, ...payload } = event;
      return {
        caseId: kase.id,
        seq: index + 1,
        type,
        payload: payload as Prisma.InputJsonValue,
        actorId: meta.actorId,
        actorRole: meta.role,
        actorUnit: meta.unit ?? null,
        occurredAt: new Date(meta.at),
        machineVersion: 1,
      };
    }),
  });
  return kase.id;
}

/** The shortest referral to each state of version 1 (an ended one per reason), for an ordinary and a protected client (a database's worth, not the whole graph). */
export function v1ReferralPerState(): V1Referral[] {
  const chosen = new Map<string, V1Referral>();
  for (const referral of v1Referrals()) {
    const key = `${referral.input.protectedIdentity}|${statePathOf(referral.snapshot as never)}|${referral.snapshot.context.endReason}`;
    const best = chosen.get(key);
    if (!best || referral.events.length < best.events.length) chosen.set(key, referral);
  }
  return [...chosen.values()];
}
