/**
 * Every refusal of the bedömning model, in memory: in every model state (xstate/graph's
 * adjacency map), for every role, every step the machine does not offer that role now is
 * refused by the pure decision, for the reason the process gives: `role_not_allowed`
 * (the API's 403) when process.md never lets the role send it, `not_allowed_in_state`
 * (409) when the role may send it but not now. The expected answer comes from the
 * hand-written table (test/support/process-rules.ts), not from machines/bedomning/permissions.ts.
 * Over HTTP, KC gets 404 before any of this (it never sees an assessment); the model
 * suite (bedomning.model.test.ts) sends a sample of the refusals through the API.
 */
import { describe, expect, it } from 'vitest';
import {
  BEDOMNING_EVENT_TYPES,
  allowedBedomningEvents,
  bedomningStateOf,
  decideBedomning,
  type BedomningEvent,
  type BedomningEventType,
} from '../../machines/bedomning';
import { ROLES, type Role } from '../../machines/shared/roles';
import { samplePayloads } from '../support/anvisning-payloads';
import { WHO_MAY_SEND_BEDOMNING, processLetsSend } from '../support/process-rules';
import { MODEL_TIME, bedomningModelStates } from './bedomning-model';

const ACTORS: Record<Role, { id: string; unit: string }> = {
  socialsekreterare: { id: 'anna', unit: 'SF Nordost' },
  forste_socialsekreterare: { id: 'fatima', unit: 'SF Nordost' },
  arbetsmarknadskonsulent: { id: 'kalle', unit: 'KC' },
  kc_samordnare: { id: 'sven', unit: 'KC' },
  system: { id: 'system', unit: 'Stegvis' },
};

/** A step of each type as the service would hand it to the machine, naming nothing of the assessment (q-none, d-none). */
const SAMPLES: Record<BedomningEventType, object> = {
  INLEDANDE_STARTED: { householdRole: 'sokande', questionnaireId: 'q-new' },
  QUESTIONNAIRE_SAVED: { questionnaireId: 'q-none', answers: {} },
  INLEDANDE_COMPLETED: { questionnaireId: 'q-none', keyScores: { halsa: 3, arbetsformaga: 3, energiMotivation: 3, kommunikation: 3 } },
  INRIKTNING_CHOSEN: { tracks: ['rehab'], reasonAgainstIndication: 'Prövar.', questionnaires: [{ track: 'rehab', questionnaireId: 'q-new' }] },
  TRACK_COMPLETED: { questionnaireId: 'q-none' },
  UPPFOLJNING_STARTED: { questionnaireId: 'q-new' },
  UPPFOLJNING_COMPLETED: { questionnaireId: 'q-none' },
  ARBETSPLAN_CREATED: { importFrom: 'q-none', documentId: 'd-new' },
  ARBETSPLAN_REVISED: { documentId: 'd-none', content: {} },
  UPPDRAGSBESKRIVNING_CREATED: { caseId: 'r-none', importFrom: 'q-none', documentId: 'd-new' },
  UPPDRAGSBESKRIVNING_REVISED: { documentId: 'd-none', content: {} },
  RESPONSIBLE_CHANGED: samplePayloads.RESPONSIBLE_CHANGED,
  TRANSFER_REQUESTED: samplePayloads.TRANSFER_REQUESTED,
  TRANSFER_ACCEPTED: samplePayloads.TRANSFER_ACCEPTED,
  TRANSFER_CANCELLED: samplePayloads.TRANSFER_CANCELLED,
  INSATS_STARTED: { caseId: 'r-none', uppdragsbeskrivningId: null },
  INSATS_ENDED: { caseId: 'r-none', outcome: 'avbruten', questionnaireId: null },
};

describe('every refusal of the bedömning model, in memory', () => {
  const states = bedomningModelStates();

  it('offers a role only what process.md lets it send, in every model state', () => {
    const wrong: string[] = [];
    for (const snapshot of states) {
      for (const role of ROLES) {
        for (const type of allowedBedomningEvents(snapshot, role, MODEL_TIME, ACTORS[role])) {
          if (!processLetsSend(WHO_MAY_SEND_BEDOMNING, role, type)) wrong.push(`${role} is offered ${type} in ${bedomningStateOf(snapshot)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses everything else, for the role or for the state as process.md says', () => {
    const wrong: string[] = [];
    const answers = { role_not_allowed: 0, not_allowed_in_state: 0 };
    for (const snapshot of states) {
      for (const role of ROLES) {
        const actor = ACTORS[role];
        const allowed: readonly string[] = allowedBedomningEvents(snapshot, role, MODEL_TIME, actor);
        // The service's own steps (INSATS_STARTED, INSATS_ENDED) come from referrals, not from a request: only their role is checked here.
        for (const type of BEDOMNING_EVENT_TYPES) {
          if (allowed.includes(type)) continue;
          const system = type === 'INSATS_STARTED' || type === 'INSATS_ENDED';
          if (system && role === 'system') continue;
          const event = { type, ...SAMPLES[type], meta: { actorId: actor.id, role, at: MODEL_TIME, unit: actor.unit } } as BedomningEvent;
          const decision = decideBedomning(snapshot, event);
          const expected = processLetsSend(WHO_MAY_SEND_BEDOMNING, role, type) ? 'not_allowed_in_state' : 'role_not_allowed';
          if (decision.ok) wrong.push(`${role} sending ${type} in ${bedomningStateOf(snapshot)}: accepted, but not offered`);
          else if (decision.reason !== expected) wrong.push(`${role} sending ${type} in ${bedomningStateOf(snapshot)}: ${decision.reason}, expected ${expected}`);
          else answers[expected] += 1;
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(states.length).toBeGreaterThan(20);
    expect(answers.role_not_allowed).toBeGreaterThan(0);
    expect(answers.not_allowed_in_state).toBeGreaterThan(0);
  });
});
