/**
 * E-mails a step sends at once, not about a deadline (process.md §4, §5): an avvikelse reported by KC goes to
 * the responsible socialsekreterare, and so does the news that the decision ran out (DECISION_EXPIRED, sent by
 * the scheduler's sweep); a disagreement raised goes to both managers (the unit's 1:e
 * socialsekreterare and KC's samordnare). Rows written in the transition's transaction, sent by the next sweep,
 * with the case reference and a code only (templates.ts): never the description or the client.
 */
import type { AnvisningEvent } from '../../machines/anvisning';
import type { Enforcement } from '../../machines/shared/traceability';
import type { Prisma } from '../db/database';
import { fromDbDate } from '../deadlines/deadline-sync';
import { escalationPointsFor } from './recipients';
import type { NotificationData } from './templates';

interface CaseForNotices {
  id: string;
  reference: string;
  responsibleUserId: string;
  kcConsultantId: string | null;
  unit: string;
  decisionValidUntil?: Date | null;
  client: { protectedIdentity: boolean };
}

export async function queueProcessNotices(tx: Prisma.TransactionClient, kase: CaseForNotices, event: AnvisningEvent, seq: number, now: Date): Promise<void> {
  let data: NotificationData;
  let recipients: string[];
  // [insats.avvikelse-until-acknowledged] The socialsekreterare is told at once; Att göra keeps it until she acknowledges it.
  if (event.type === 'AVVIKELSE_REPORTED') {
    data = { kind: 'avvikelse', caseId: kase.id, caseReference: kase.reference };
    recipients = [kase.responsibleUserId];
  } else if (event.type === 'DECISION_EXPIRED') {
    // [insats.decision-expiry-told] The insats has no decision in force: the one who renews or closes it is told, once (one event, one row).
    data = { kind: 'beslut_utgatt', caseId: kase.id, caseReference: kase.reference, validUntil: kase.decisionValidUntil ? fromDbDate(kase.decisionValidUntil) : null };
    recipients = [kase.responsibleUserId];
  } else if (event.type === 'DISAGREEMENT_RAISED') {
    data = { kind: 'oenighet', caseId: kase.id, caseReference: kase.reference, topic: event.topic };
    // [oenighet.managers-told-at-once] "lyfts frågan till 1:e socialsekreterare respektive samordnare": each side's escalation point.
    recipients = [...(await escalationPointsFor(tx, kase, 'socialsekreterare')), ...(await escalationPointsFor(tx, kase, 'arbetsmarknadskonsulent'))];
  } else {
    return;
  }
  await tx.notification.createMany({
    data: recipients.map((recipientUserId) => ({
      dedupeKey: `${data.kind}:${kase.id}:${seq}:${recipientUserId}`,
      caseId: kase.id,
      kind: data.kind,
      recipientUserId,
      data: data as unknown as Prisma.InputJsonValue,
      dueAt: now,
    })),
    skipDuplicates: true,
  });
}

/** The process rules these notices carry out (docs/traceability.md). */
export const ENFORCES: Enforcement[] = [
  { rule: 'oenighet.managers-told-at-once', by: 'queueProcessNotices' },
  { rule: 'insats.avvikelse-until-acknowledged', by: 'queueProcessNotices' },
  { rule: 'insats.decision-expiry-told', by: 'queueProcessNotices' },
];
