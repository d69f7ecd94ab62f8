/**
 * What a step needs now: one small pure rule per guard, read both by the
 * machine's guard (may this event be taken?) and by the list of next steps a
 * view offers (what will the step need?), so a rule is written once.
 *
 * A rule's `needs` looks at the context and at who asks (`meta`, and the
 * guard's params), never at the payload: null when the step is not possible
 * now, else what it needs. Its `accepts` looks at the payload against those
 * needs (absent: any payload the schema lets through is accepted).
 */
import type { Role } from './roles';

export interface StepMeta {
  actorId: string;
  role: Role;
  at: string;
  unit?: string;
}

/** What a step needs beyond its schema, as the view's `nextSteps` says it. */
export interface StepNeeds {
  /** Payload fields the step needs now, even where the schema makes them optional (e.g. `reason` for a restart mid-cycle). */
  requires: string[];
  /** Fields needed in some cases only; the refusal names the field when it is missing (e.g. `reasonAgainstIndication`). */
  conditional?: string[];
  /** The questionnaires the step may name (`questionnaireId`). */
  questionnaireIds?: string[];
  /** The documents the step may name (`documentId`). */
  documentIds?: string[];
  /** The completed questionnaires an import may come from (`importFrom`, optional). */
  importFrom?: string[];
  /** The tracks the indication points at (a choice of others needs `reasonAgainstIndication`). */
  indicatedTracks?: string[];
  /** Units a transfer may not go to (the actor's own). */
  notUnits?: string[];
}

export interface StepRule<C, P = undefined> {
  needs(context: C, meta: StepMeta, params: P): StepNeeds | null;
  accepts?(needs: StepNeeds, event: Record<string, unknown> & { meta: StepMeta }, context: C): boolean;
}

/** The machine's guard for a rule: possible now, and the payload gives what it needs. */
export function guardOf<C, P>(rule: StepRule<C, P>) {
  return ({ context, event }: { context: C; event: { type: string; meta: StepMeta } }, params: P): boolean => {
    const needs = rule.needs(context, event.meta, params);
    return needs !== null && (rule.accepts?.(needs, event as Record<string, unknown> & { meta: StepMeta }, context) ?? true);
  };
}

/** A payload text field that is given (not only blanks). */
export function hasText(value: unknown): boolean {
  return typeof value === 'string' && value.trim().length > 0;
}

/** The rule of a step without conditions. */
export const ANY_TIME: StepNeeds = Object.freeze({ requires: [] }) as StepNeeds;
