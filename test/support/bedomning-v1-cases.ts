/**
 * Assessments of version 1 of the bedömning machine, from its frozen definition (machines/bedomning/v1):
 * the shortest path to every model state of version 1 (xstate/graph), each as the events a version 1
 * release stored. The migration test moves each to the current version; test/db/machine-upgrade.test.ts
 * writes one to a database as that release did and starts the current release on it.
 */
import { randomUUID } from 'node:crypto';
import { transition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import {
  BEDOMNING_EVENT_ROLES_V1,
  applyBedomningV1,
  bedomningMachineV1,
  persistBedomningV1,
  startBedomningV1,
  type BedomningContextV1,
  type BedomningEventV1,
  type BedomningSnapshotV1,
} from '../../machines/bedomning/v1';
import { ASSESSMENT_CREATED } from '../../src/aggregates/creation-events';
import type { Database, Prisma } from '../../src/db/database';

// Before any clock the tests run on: the history of version 1 comes first.
const AT = '2025-12-01T09:00:00.000Z';

const openOf = (c: BedomningContextV1, kinds: string[]) => c.questionnaires.filter((q) => q.status === 'pagaende' && kinds.includes(q.kind));
const latestCompleted = (c: BedomningContextV1, kinds: string[]) => c.questionnaires.filter((q) => q.status === 'klar' && kinds.includes(q.kind)).at(-1);
const referralOf = (c: BedomningContextV1) => c.insats?.caseId ?? `r${c.insatser.length + 1}`;
const unsentUppdrag = (c: BedomningContextV1) => c.documents.find((d) => d.kind === 'uppdragsbeskrivning' && d.sentAt === null && d.caseId === referralOf(c));

/** Every event version 1 takes now, with the payload variants that take different transitions (ids named symbolically). */
function eventsV1(snapshot: BedomningSnapshotV1): BedomningEventV1[] {
  const c = snapshot.context;
  const q = (offset = 0) => `q${c.questionnaires.length + 1 + offset}`;
  const d = `d${c.documents.length + 1}`;
  const bodies: Record<string, unknown>[] = [
    { type: 'INLEDANDE_STARTED', householdRole: 'sokande', questionnaireId: q() },
    { type: 'INLEDANDE_STARTED', householdRole: 'medsokande', reason: 'Omprövning.', questionnaireId: q() },
    ...openOf(c, ['inledande']).flatMap((open) => [
      { type: 'INLEDANDE_COMPLETED', questionnaireId: open.id, keyScores: { halsa: 5, arbetsformaga: 5, energiMotivation: 5, kommunikation: 5 } },
      { type: 'INLEDANDE_COMPLETED', questionnaireId: open.id, keyScores: { halsa: 2, arbetsformaga: 3, energiMotivation: 3, kommunikation: 2 } },
    ]),
    ...openOf(c, ['arbetsmarknad', 'rehab']).map((open) => ({ type: 'TRACK_COMPLETED', questionnaireId: open.id })),
    ...openOf(c, ['uppfoljning']).map((open) => ({ type: 'UPPFOLJNING_COMPLETED', questionnaireId: open.id })),
    { type: 'UPPFOLJNING_STARTED', questionnaireId: q() },
    { type: 'ARBETSPLAN_CREATED', documentId: d },
    { type: 'UPPDRAGSBESKRIVNING_CREATED', caseId: referralOf(c), documentId: d },
    { type: 'INSATS_STARTED', caseId: referralOf(c), uppdragsbeskrivningId: unsentUppdrag(c)?.id ?? null },
  ];
  if (c.indication) {
    const other = c.indication.tracks.includes('rehab') ? ['arbetsmarknad'] : ['rehab'];
    bodies.push({ type: 'INRIKTNING_CHOSEN', tracks: c.indication.tracks, questionnaires: c.indication.tracks.map((track, index) => ({ track, questionnaireId: q(index) })) });
    bodies.push({ type: 'INRIKTNING_CHOSEN', tracks: other, reasonAgainstIndication: 'Individuell bedömning.', questionnaires: other.map((track) => ({ track, questionnaireId: q() })) });
  }
  const inledande = latestCompleted(c, ['inledande']);
  if (inledande) bodies.push({ type: 'ARBETSPLAN_CREATED', importFrom: inledande.id, documentId: d });
  const track = latestCompleted(c, ['arbetsmarknad', 'rehab']);
  if (track) bodies.push({ type: 'UPPDRAGSBESKRIVNING_CREATED', caseId: referralOf(c), importFrom: track.id, documentId: d });
  if (c.insats) {
    for (const outcome of ['ej_sjalvforsorjande', 'sjalvforsorjande', 'avbruten']) {
      bodies.push({ type: 'INSATS_ENDED', caseId: c.insats.caseId, outcome, questionnaireId: outcome === 'ej_sjalvforsorjande' ? q() : null });
    }
  }
  return bodies
    .map((body) => {
      const role = BEDOMNING_EVENT_ROLES_V1[body.type as BedomningEventV1['type']][0]!;
      return { ...body, meta: { actorId: role === 'system' ? 'system' : 'anna', role, at: AT, unit: role === 'system' ? 'Stegvis' : 'SF Nordost' } } as unknown as BedomningEventV1;
    })
    .filter((event) => snapshot.can(event));
}

/** A model state of version 1: the state and what its guards and the offered events read (ids and counts left out). */
function serializeV1(snapshot: BedomningSnapshotV1): string {
  const c = snapshot.context;
  return JSON.stringify([
    snapshot.value,
    openOf(c, ['inledande', 'arbetsmarknad', 'rehab', 'uppfoljning']).map((q) => q.kind).sort(),
    latestCompleted(c, ['inledande']) !== undefined,
    latestCompleted(c, ['arbetsmarknad', 'rehab']) !== undefined,
    c.questionnaires.some((q) => q.cycle === c.cycle && q.status === 'klar' && (q.kind === 'arbetsmarknad' || q.kind === 'rehab')),
    c.choice !== null,
    c.indication?.tracks ?? null,
    c.documents.some((d) => d.kind === 'arbetsplan'),
    unsentUppdrag(c) !== undefined,
    c.documents.some((d) => d.sentAt !== null),
    c.insats !== null,
    c.insatser.length > 0,
  ]);
}

export interface V1Assessment {
  events: BedomningEventV1[];
  snapshot: BedomningSnapshotV1;
}

/** The shortest path to every model state of version 1. */
export function v1Assessments(): V1Assessment[] {
  return getShortestPaths(bedomningMachineV1, {
    events: eventsV1,
    serializeState: serializeV1,
    serializeEvent: (event) => JSON.stringify({ ...event, meta: undefined }),
  }).map((path) => {
    // The snapshot from the events themselves: a path's `state` may have been reached by another route.
    const events = path.steps.slice(1).map((step) => step.event);
    return { events, snapshot: events.reduce((snapshot, event) => transition(bedomningMachineV1, snapshot, event)[0], startBedomningV1()) };
  });
}

/**
 * One assessment as a version 1 release stored it, for a client and (for an uppdragsbeskrivning) a referral that
 * exist: the model's symbolic ids (q1, d1, r1) replaced by real ones, the row, its history (all of version 1), the
 * questionnaire and document rows. Returns the assessment's id.
 */
export async function writeAssessmentAsVersion1(prisma: Database['prisma'], assessment: V1Assessment, clientId: string, referralIds: Record<string, string>): Promise<string> {
  const ids = new Map<string, string>(Object.entries(referralIds));
  const real = (value: unknown): unknown => {
    if (typeof value === 'string' && /^[qdr]\d+$/.test(value)) {
      if (!ids.has(value)) ids.set(value, randomUUID());
      return ids.get(value);
    }
    if (Array.isArray(value)) return value.map(real);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, part]) => [key, key === 'meta' ? part : real(part)]));
    return value;
  };
  const events = assessment.events.map((event) => real(event) as BedomningEventV1);
  const snapshot = events.reduce(applyBedomningV1, startBedomningV1());
  const row = await prisma.assessment.create({
    data: {
      clientId,
      responsibleUserId: 'anna',
      unit: 'SF Nordost',
      state: String(snapshot.value),
      snapshot: persistBedomningV1(snapshot) as Prisma.InputJsonValue,
      machineVersion: 1,
      version: events.length + 1,
      createdAt: new Date(AT),
      updatedAt: new Date(AT),
    },
  });
  const created = { type: ASSESSMENT_CREATED, meta: { actorId: 'anna', role: 'socialsekreterare', unit: 'SF Nordost', at: AT } };
  await prisma.assessmentEvent.createMany({
    data: [created, ...events].map((event, index) => {
      const { type, meta, ...payload } = event as { type: string; meta: BedomningEventV1['meta'] };
      return { assessmentId: row.id, seq: index + 1, type, payload: payload as Prisma.InputJsonValue, actorId: meta.actorId, actorRole: meta.role, actorUnit: meta.unit ?? null, occurredAt: new Date(meta.at), machineVersion: 1 };
    }),
  });
  const c = snapshot.context;
  for (const q of c.questionnaires) {
    await prisma.questionnaire.create({
      data: { id: q.id, assessmentId: row.id, kind: q.kind, templateKey: q.kind, templateVersion: 1, cycle: q.cycle, householdRole: q.kind === 'inledande' ? c.householdRole : null, answers: {}, status: q.status, startedAt: new Date(q.startedAt), completedAt: q.completedAt ? new Date(q.completedAt) : null, updatedAt: new Date(AT) },
    });
  }
  for (const d of c.documents) {
    await prisma.assessmentDocument.create({
      data: {
        id: d.id,
        assessmentId: row.id,
        kind: d.kind,
        caseId: d.caseId,
        importedFromId: d.importedFrom,
        currentVersion: d.version,
        sentAt: d.sentAt ? new Date(d.sentAt) : null,
        createdAt: new Date(AT),
        versions: { create: Array.from({ length: d.version }, (_, index) => ({ version: index + 1, content: {}, createdById: 'anna', createdAt: new Date(AT) })) },
      },
    });
  }
  return row.id;
}
