/**
 * Every refusal of the anvisning model, in memory: in every model state (xstate/graph's
 * adjacency map, for an ordinary and a protected client), for every role, every event
 * the machine does not offer that role now is refused by the pure decision, for the
 * reason the process gives: 403 (`role_not_allowed`) when process.md never lets the
 * role send it, 409 (`not_allowed_in_state`) when the role may send it but not now.
 * The expected answer comes from the hand-written table (test/support/process-rules.ts),
 * not from machines/anvisning/permissions.ts. And what the machine offers a role is
 * always something process.md lets that role send.
 *
 * Conversely, every step `nextAnvisningSteps` offers is accepted, with a payload that gives what
 * the step says it needs (a consented party, the consultant it may name, another unit).
 *
 * The model suite (anvisning.model.test.ts) sends a sample of these refusals through
 * the HTTP API: each answer, each role, each state at least once.
 */
import { describe, expect, it } from 'vitest';
import {
  ANVISNING_EVENT_TYPES,
  allowedEvents,
  decideAnvisning,
  nextAnvisningSteps,
  statePathOf,
  type AnvisningEvent,
  type AnvisningNextStep,
  type AnvisningSnapshot,
} from '../../machines/anvisning';
import { ROLES, type Role } from '../../machines/shared/roles';
import { samplePayloads } from '../support/anvisning-payloads';
import { WHO_MAY_SEND_ANVISNING, processLetsSend } from '../support/process-rules';
import { MODEL_INPUTS, MODEL_USERS, modelStates, timeIn } from './anvisning-model';

const SYSTEM = { id: 'system', unit: 'Stegvis' };
const actorOf = (role: Role) => (role === 'system' ? SYSTEM : MODEL_USERS[role]);

/** The time a role acts at in a state: the system's only event is about passing time. */
const timeFor = (snapshot: AnvisningSnapshot, role: Role) => timeIn(snapshot, role === 'system' ? 'DECISION_EXPIRED' : 'AF_RESPONSE_RECORDED');

/** The sample payload of a step, with what the step says it needs now. */
function payloadFor(step: AnvisningNextStep): Record<string, unknown> {
  const payload: Record<string, unknown> = { ...samplePayloads[step.type] };
  if (step.parties) payload.party = step.parties[0];
  if (step.requires.includes('disagreementId')) payload.disagreementId = step.disagreementIds?.[0];
  if (step.consultantIds) payload.consultantId = step.consultantIds[0];
  if (step.notConsultantIds?.includes(String(payload.consultantId))) payload.consultantId = 'another consultant';
  if (step.notUnits?.includes(String(payload.toUnit))) payload.toUnit = 'another unit';
  return payload;
}

describe.each(MODEL_INPUTS.map((input) => [input.protectedIdentity ? 'a protected client' : 'an ordinary client', input] as const))(
  'every refusal of the anvisning model, in memory (%s)',
  (_name, input) => {
    const states = modelStates(input);

    it('offers a role only what process.md lets it send, in every model state', () => {
      const wrong: string[] = [];
      for (const snapshot of states) {
        for (const role of ROLES) {
          for (const type of allowedEvents(snapshot, role, timeFor(snapshot, role), actorOf(role))) {
            if (!processLetsSend(WHO_MAY_SEND_ANVISNING, role, type)) wrong.push(`${role} is offered ${type} in ${statePathOf(snapshot)}`);
          }
        }
      }
      expect(wrong).toEqual([]);
    });

    it('accepts every step it offers, with what the step says it needs', () => {
      const wrong: string[] = [];
      let offered = 0;
      for (const snapshot of states) {
        for (const role of ROLES) {
          const actor = actorOf(role);
          const at = timeFor(snapshot, role);
          const steps = nextAnvisningSteps(snapshot, role, at, actor);
          expect(steps.map((step) => step.type)).toEqual(allowedEvents(snapshot, role, at, actor));
          for (const step of steps) {
            const event = { type: step.type, ...payloadFor(step), meta: { actorId: actor.id, role, at, unit: actor.unit } } as AnvisningEvent;
            const missing = step.requires.filter((field) => !(field in event));
            if (missing.length > 0) wrong.push(`${step.type} in ${statePathOf(snapshot)} requires ${missing.join(', ')}, not in its schema's sample`);
            const decision = decideAnvisning(snapshot, event);
            if (!decision.ok) wrong.push(`${role} sending ${step.type} in ${statePathOf(snapshot)} as offered: ${decision.reason}`);
            offered += 1;
          }
        }
      }
      expect(wrong).toEqual([]);
      expect(offered).toBeGreaterThan(1000);
    });

    it('refuses everything else, with 403 for the role and 409 for the state as process.md says', () => {
      const wrong: string[] = [];
      const answers = { role_not_allowed: 0, not_allowed_in_state: 0 };
      for (const snapshot of states) {
        for (const role of ROLES) {
          const actor = actorOf(role);
          const at = timeFor(snapshot, role);
          const allowed = allowedEvents(snapshot, role, at, actor);
          for (const type of ANVISNING_EVENT_TYPES) {
            if (allowed.includes(type)) continue;
            const event = { type, ...samplePayloads[type], meta: { actorId: actor.id, role, at, unit: actor.unit } } as AnvisningEvent;
            const decision = decideAnvisning(snapshot, event);
            const expected = processLetsSend(WHO_MAY_SEND_ANVISNING, role, type) ? 'not_allowed_in_state' : 'role_not_allowed';
            if (decision.ok) wrong.push(`${role} sending ${type} in ${statePathOf(snapshot)}: accepted, but not offered`);
            else if (decision.reason !== expected) wrong.push(`${role} sending ${type} in ${statePathOf(snapshot)}: ${decision.reason}, expected ${expected}`);
            else answers[expected] += 1;
          }
        }
      }
      expect(wrong).toEqual([]);
      // The matrix is the whole model: hundreds of states, both kinds of answer.
      expect(states.length).toBeGreaterThan(100);
      expect(answers.role_not_allowed).toBeGreaterThan(0);
      expect(answers.not_allowed_in_state).toBeGreaterThan(0);
    });
  },
);
