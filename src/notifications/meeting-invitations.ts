/**
 * A booked meeting (inskrivningsmöte, uppföljning, trepartsmöte) sends both
 * parties a calendar invitation. The rows are written in the transition's
 * transaction and mailed by the next sweep, so a booking is never lost and
 * never mailed twice.
 */
import type { AnvisningEvent, AnvisningSnapshot } from '../../machines/anvisning';
import type { Prisma } from '../db/database';
import { meetingAttendees } from './recipients';

type Meeting = 'inskrivningsmote' | 'uppfoljningsmote' | 'trepartsmote';

/** The meeting an event books, if any. `series` keeps one calendar entry per meeting across rebookings. */
function bookedMeeting(event: AnvisningEvent, next: AnvisningSnapshot): { meeting: Meeting; at: string; place: string | null; series: string } | null {
  const { context } = next;
  switch (event.type) {
    case 'INSKRIVNING_BOOKED':
    case 'INSKRIVNING_RESCHEDULED':
    case 'INSKRIVNING_REBOOKED':
      return context.inskrivning ? { meeting: 'inskrivningsmote', at: context.inskrivning.at, place: context.inskrivning.place, series: 'inskrivning' } : null;
    case 'INSKRIVNING_HELD':
      return { meeting: 'uppfoljningsmote', at: event.firstFollowUpAt, place: null, series: 'uppfoljning-1' };
    case 'FOLLOW_UP_BOOKED':
      return { meeting: 'uppfoljningsmote', at: event.at, place: null, series: `uppfoljning-${context.followUp.heldCount + 1}` };
    case 'THREE_PARTY_MEETING_BOOKED':
      return { meeting: 'trepartsmote', at: event.at, place: null, series: `trepartsmote-${context.significantEventCount}-${context.closing ? 'avslut' : 'insats'}` };
    default:
      return null;
  }
}

export async function queueMeetingInvitations(
  tx: Prisma.TransactionClient,
  kase: { id: string; number: number; reference: string; responsibleUserId: string; kcConsultantId: string | null; unit: string; client: { protectedIdentity: boolean } },
  event: AnvisningEvent,
  next: AnvisningSnapshot,
  seq: number,
  now: Date,
): Promise<void> {
  const booking = bookedMeeting(event, next);
  if (!booking) return;
  const recipients = await meetingAttendees(tx, kase);
  await tx.notification.createMany({
    data: recipients.map((recipientUserId) => ({
      dedupeKey: `kallelse:${kase.id}:${seq}:${recipientUserId}`,
      caseId: kase.id,
      kind: 'kallelse',
      recipientUserId,
      data: {
        kind: 'kallelse',
        caseId: kase.id,
        caseReference: kase.reference,
        meeting: booking.meeting,
        at: booking.at,
        place: booking.place,
        uid: `${kase.id}-${booking.series}@stegvis`,
        sequence: seq,
      },
      dueAt: now,
    })),
    skipDuplicates: true,
  });
}

type CaseForInvitations = Parameters<typeof queueMeetingInvitations>[1];

/** The meetings booked and still ahead, with the same calendar series as when they were booked. */
function upcomingMeetings(next: AnvisningSnapshot, now: Date): { meeting: Meeting; at: string; place: string | null; series: string }[] {
  const { context } = next;
  const ahead = (at: string | null | undefined): at is string => typeof at === 'string' && new Date(at) > now;
  const meetings: { meeting: Meeting; at: string; place: string | null; series: string }[] = [];
  if (next.matches({ inskrivning: 'bokad' }) && context.inskrivning && ahead(context.inskrivning.at)) {
    meetings.push({ meeting: 'inskrivningsmote', at: context.inskrivning.at, place: context.inskrivning.place, series: 'inskrivning' });
  }
  if (ahead(context.followUp.bookedAt)) meetings.push({ meeting: 'uppfoljningsmote', at: context.followUp.bookedAt, place: null, series: `uppfoljning-${context.followUp.heldCount + 1}` });
  if (ahead(context.threePartyMeeting.bookedAt)) {
    meetings.push({ meeting: 'trepartsmote', at: context.threePartyMeeting.bookedAt, place: null, series: `trepartsmote-${context.significantEventCount}-${context.closing ? 'avslut' : 'insats'}` });
  }
  return meetings;
}

/**
 * After a handover or a KC assignment, whoever newly attends the case's meetings gets the invitations
 * to those already booked (the previous owner's unsent ones are cancelled in the same transaction).
 */
export async function inviteNewAttendees(
  tx: Prisma.TransactionClient,
  before: CaseForInvitations,
  after: CaseForInvitations,
  next: AnvisningSnapshot,
  seq: number,
  now: Date,
): Promise<void> {
  const was = new Set(await meetingAttendees(tx, before));
  const newcomers = (await meetingAttendees(tx, after)).filter((id) => !was.has(id));
  const meetings = newcomers.length > 0 ? upcomingMeetings(next, now) : [];
  if (meetings.length === 0) return;
  await tx.notification.createMany({
    data: meetings.flatMap((booking) =>
      newcomers.map((recipientUserId) => ({
        dedupeKey: `kallelse:${after.id}:${seq}:${booking.series}:${recipientUserId}`,
        caseId: after.id,
        kind: 'kallelse',
        recipientUserId,
        data: { kind: 'kallelse', caseId: after.id, caseReference: after.reference, meeting: booking.meeting, at: booking.at, place: booking.place, uid: `${after.id}-${booking.series}@stegvis`, sequence: seq },
        dueAt: now,
      })),
    ),
    skipDuplicates: true,
  });
}
