/**
 * Handing a referral or an assessment over to another socialsekreterare
 * (process.md "People and roles": the 1:e socialsekreterare hands over at sick
 * leave and staff changes). The same four events in both machines:
 *
 * - `RESPONSIBLE_CHANGED { toUserId, reason }`: within the unit, by its 1:e socialsekreterare.
 * - `TRANSFER_REQUESTED { toUnit, reason }`: the client moved; the sending unit's 1:e asks another unit to take over.
 * - `TRANSFER_ACCEPTED { toUserId }`: the receiving unit's 1:e accepts and names the new socialsekreterare.
 * - `TRANSFER_CANCELLED { reason }`: either side ends a request (withdrawn or declined); the sending unit keeps it.
 *
 * Until a transfer is accepted the sending unit keeps the case. The machine
 * knows units only from `meta.unit` (the acting user's unit, stored with each
 * event); whether `toUserId` is a socialsekreterare of that unit is a question
 * for the user directory, answered by the service before the machine is asked.
 */
import { z } from 'zod';
import type { Role } from './roles';
import type { StepRule } from './steps';
import { freeText, singleLine } from './text';

/** Who is responsible after a handover; absent until the first one (the case's creator is responsible). */
export interface ResponsibleAfterHandover {
  userId: string;
  unit: string;
  since: string;
}

export interface PendingTransfer {
  fromUnit: string;
  toUnit: string;
  reason: string;
  requestedAt: string;
}

/** The handover part of a machine's context. Optional fields: snapshots written before handovers existed stay valid. */
export interface HandoverContext {
  responsible?: ResponsibleAfterHandover;
  transfer?: PendingTransfer | null;
}

const userId = singleLine(z.string().trim().min(1).max(200));
const unit = singleLine(z.string().trim().min(1).max(100));
const reason = freeText(z.string().trim().min(1).max(4000));

export const handoverPayloadSchemas = {
  RESPONSIBLE_CHANGED: z.strictObject({ toUserId: userId, reason }),
  TRANSFER_REQUESTED: z.strictObject({ toUnit: unit, reason }),
  TRANSFER_ACCEPTED: z.strictObject({ toUserId: userId }),
  TRANSFER_CANCELLED: z.strictObject({ reason }),
} as const;

export type HandoverEventType = keyof typeof handoverPayloadSchemas;
export const HANDOVER_EVENT_TYPES = Object.keys(handoverPayloadSchemas) as HandoverEventType[];

/** Only the 1:e socialsekreterare hands over; a socialsekreterare cannot hand over her own case. */
export const HANDOVER_ROLES: readonly Role[] = ['forste_socialsekreterare'];

interface Meta {
  actorId: string;
  role: Role;
  at: string;
  unit?: string;
}

const pending = (context: HandoverContext) => context.transfer ?? null;

/**
 * The acting user's unit is only being asked to take the case over: it sees the case while the transfer
 * is pending, and may accept or decline it, nothing else (the sending unit keeps the case until then).
 */
export function isReceivingPendingTransfer(context: HandoverContext, meta: Meta): boolean {
  const transfer = pending(context);
  return transfer !== null && meta.unit === transfer.toUnit;
}

/** Within the unit: the sending unit keeps the case while a transfer is pending, so the receiving unit cannot reassign it yet. */
export function mayChangeResponsible(context: HandoverContext, meta: Meta): boolean {
  return !isReceivingPendingTransfer(context, meta);
}

/**
 * The handover steps as rules (machines/shared/steps.ts): possible now for this actor, and what the
 * payload must give. The machines' guards and the views' next steps both read these.
 */
export const handoverRules = {
  mayChangeResponsible: { rules: ['roles.handover-by-forste'], needs: (context, meta) => (mayChangeResponsible(context, meta) ? { requires: [] } : null) },
  // One request at a time, to another unit than the actor's own.
  mayRequestTransfer: {
    needs: (context, meta) => (pending(context) === null && meta.unit !== undefined ? { requires: [], notUnits: [meta.unit] } : null),
    accepts: (needs, event) => !(needs.notUnits ?? []).includes(String(event.toUnit).trim()),
  },
  mayAcceptTransfer: { rules: ['roles.handover-by-forste'], needs: (context, meta) => (pending(context) !== null && meta.unit === pending(context)?.toUnit ? { requires: [] } : null) },
  mayCancelTransfer: { needs: (context) => (pending(context) !== null ? { requires: [] } : null) },
} satisfies Record<string, StepRule<HandoverContext>>;

/** The context after a handover event (the machines' actions call this). */
export function applyHandover(context: HandoverContext, event: { type: string; meta: Meta } & Record<string, unknown>): HandoverContext {
  const { meta } = event;
  switch (event.type) {
    case 'RESPONSIBLE_CHANGED':
      return { responsible: { userId: String(event.toUserId), unit: meta.unit ?? '', since: meta.at }, transfer: pending(context) };
    case 'TRANSFER_REQUESTED':
      return {
        ...(context.responsible ? { responsible: context.responsible } : {}),
        transfer: { fromUnit: meta.unit ?? '', toUnit: String(event.toUnit).trim(), reason: String(event.reason), requestedAt: meta.at },
      };
    case 'TRANSFER_ACCEPTED':
      return { responsible: { userId: String(event.toUserId), unit: meta.unit ?? '', since: meta.at }, transfer: null };
    case 'TRANSFER_CANCELLED':
      return { ...(context.responsible ? { responsible: context.responsible } : {}), transfer: null };
    default:
      return context;
  }
}
