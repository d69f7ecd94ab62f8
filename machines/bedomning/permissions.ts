/**
 * Who may send which event of the bedömningsstöd. The assessment is the
 * socialsekreterare's work with the client (Bedömningsstöd, "Övergripande process"); the
 * service itself reports when a referral reaches KC and when it ends.
 * KC never sees the assessments (process.md "What KC sees").
 */
import { HANDOVER_ROLES } from '../shared/handover';
import type { Role } from '../shared/roles';
import type { BedomningEventType } from './events';
import type { Enforcement } from '../shared/traceability';

const SS = ['socialsekreterare'] as const;

export const BEDOMNING_EVENT_ROLES: Readonly<Record<BedomningEventType, readonly Role[]>> = {
  INLEDANDE_STARTED: SS,
  QUESTIONNAIRE_SAVED: SS,
  INLEDANDE_COMPLETED: SS,
  INRIKTNING_CHOSEN: SS,
  TRACK_COMPLETED: SS,
  UPPFOLJNING_STARTED: SS,
  UPPFOLJNING_COMPLETED: SS,
  ARBETSPLAN_CREATED: SS,
  ARBETSPLAN_REVISED: SS,
  UPPDRAGSBESKRIVNING_CREATED: SS,
  UPPDRAGSBESKRIVNING_REVISED: SS,
  RESPONSIBLE_CHANGED: HANDOVER_ROLES,
  TRANSFER_REQUESTED: HANDOVER_ROLES,
  TRANSFER_ACCEPTED: HANDOVER_ROLES,
  TRANSFER_CANCELLED: HANDOVER_ROLES,
  INSATS_STARTED: ['system'],
  INSATS_ENDED: ['system'],
};

export function mayRoleSendBedomning(role: Role, type: BedomningEventType): boolean {
  return BEDOMNING_EVENT_ROLES[type].includes(role);
}

/** The process rule this table enforces (docs/process.md "People and roles"; docs/traceability.md). */
export const ENFORCES: Enforcement[] = [{ rule: 'roles.who-sends-what', by: 'BEDOMNING_EVENT_ROLES' }];
