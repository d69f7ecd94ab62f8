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
import type { AnyStateNode, StateValue } from 'xstate';
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
  /** The parties an external contact may name (`party`: those the client has consented to, as recorded, in lower case). */
  parties?: string[];
  /** The consultants an assignment may name (`consultantId`): a consultant takes a referral only for herself. */
  consultantIds?: string[];
  /** Consultants an assignment may not name (the one already assigned). */
  notConsultantIds?: string[];
  /** The open disagreements a position or resolution may name (`disagreementId`, required when more than one is open). */
  disagreementIds?: string[];
}

export interface StepRule<C, P = undefined> {
  /** The ids of the process rules (docs/process.md) this rule enforces: the traceability table reads them. */
  rules?: readonly string[];
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

/** Every rule as a guard (`guardOf`), under the rule's name: for a machine's `setup({ guards })`. */
export function guardsOf<C, R extends Record<string, StepRule<C, never>>>(rules: R): { [K in keyof R]: ReturnType<typeof guardOf<C, R[K] extends StepRule<C, infer P> ? P : never>> } {
  return Object.fromEntries(Object.entries(rules).map(([name, rule]) => [name, guardOf(rule)])) as never;
}

/** A payload text field that is given (not only blanks). */
export function hasText(value: unknown): boolean {
  return typeof value === 'string' && value.trim().length > 0;
}

/** The needs of a step that needs nothing beyond its schema when `possible`, else null. */
export function possibleIf(possible: boolean): StepNeeds | null {
  return possible ? { requires: [] } : null;
}

/** A payload value that is one of the choices a step offers. */
export function isOneOf(choices: readonly string[] | undefined, value: unknown): boolean {
  return typeof value === 'string' && (choices ?? []).includes(value);
}

/** Who asks for the next steps: the rules that look at the actor (an assignment, a transfer) need the user and unit. */
export interface Actor {
  id: string;
  unit: string;
}

export function stepMeta(role: Role, at: string, actor?: Actor): StepMeta {
  return { actorId: actor?.id ?? '', role, at, ...(actor ? { unit: actor.unit } : {}) };
}

/** A machine's step rules by guard name, and the machine's name for errors. */
export interface StepRules<C> {
  machine: string;
  rules: Record<string, StepRule<C, never>>;
}

/** The state nodes a snapshot is in, the innermost first, then its parents up to the root: the order XState looks for a transition in. */
export function activeNodes(root: AnyStateNode, value: StateValue): AnyStateNode[] {
  const nodes: AnyStateNode[] = [root];
  let current: unknown = value;
  let node: AnyStateNode | undefined = root;
  while (node && current !== undefined) {
    const key: string | undefined = typeof current === 'string' ? current : Object.keys(current as object)[0];
    if (key === undefined) break;
    node = node.states[key];
    if (node) nodes.unshift(node);
    current = typeof current === 'string' ? undefined : (current as Record<string, StateValue>)[key];
  }
  return nodes;
}

/** Both needs together (an `and` guard): every field each asks for; list fields of the later rule win. */
function bothNeeds(a: StepNeeds, b: StepNeeds): StepNeeds {
  const conditional = [...new Set([...(a.conditional ?? []), ...(b.conditional ?? [])])];
  return { ...a, ...b, requires: [...new Set([...a.requires, ...b.requires])], ...(conditional.length > 0 ? { conditional } : {}) };
}

/**
 * What a transition's guard needs now, read from the rule it names: XState's `and([...])` needs what all
 * its parts need (null if any is not possible); `not(...)` is read only for a rule without `accepts`
 * (one that does not look at the payload). Any other guard is no step rule, and says so.
 */
function needsOfGuard<C>(steps: StepRules<C>, type: string, guard: unknown, context: C, meta: StepMeta): StepNeeds | null {
  if (guard === undefined) return { requires: [] };
  if (typeof guard === 'function' && Array.isArray((guard as { guards?: unknown }).guards)) {
    const parts = (guard as unknown as { guards: unknown[] }).guards;
    if (guard.name === 'and') {
      let needs: StepNeeds | null = { requires: [] };
      for (const part of parts) {
        const more = needsOfGuard(steps, type, part, context, meta);
        if (more === null) return null;
        needs = bothNeeds(needs, more);
      }
      return needs;
    }
    if (guard.name === 'not' && parts.length === 1) {
      const rule = ruleOf(steps, type, parts[0]);
      if (rule.rule.accepts) throw new Error(`${steps.machine} machine: not() of ${type} names a rule that reads the payload`);
      return possibleIf(rule.rule.needs(context, meta, rule.params as never) === null);
    }
  }
  const { rule, params } = ruleOf(steps, type, guard);
  return rule.needs(context, meta, params as never);
}

function ruleOf<C>(steps: StepRules<C>, type: string, guard: unknown): { rule: StepRule<C, never>; params: unknown } {
  const { type: name, params } = typeof guard === 'string' ? { type: guard, params: undefined } : ((guard ?? {}) as { type?: unknown; params?: unknown });
  if (typeof name !== 'string' || !Object.hasOwn(steps.rules, name)) throw new Error(`${steps.machine} machine: the guard of ${type} is no step rule`);
  return { rule: steps.rules[name] as StepRule<C, never>, params };
}

/**
 * What an event needs in the given state nodes (the innermost first, then its parents), read from the
 * machine's own transitions and the rules their guards name; null when no transition could take it now.
 * A transition without a guard needs nothing beyond the schema.
 */
function needsFromTransitions<C>(steps: StepRules<C>, nodes: readonly AnyStateNode[], type: string, context: C, meta: StepMeta): StepNeeds | null {
  for (const node of nodes) {
    for (const transition of node.transitions.get(type) ?? []) {
      const needs = needsOfGuard(steps, type, transition.guard as unknown, context, meta);
      // A transition with neither target nor actions forbids the event (XState's `can` says no, and the parents are not asked).
      if (needs !== null) return transition.target === undefined && transition.actions.length === 0 ? null : needs;
    }
  }
  return null;
}

/** A step a role may take now, and what it needs. */
export type NextStep<T extends string> = StepNeeds & { type: T };

/**
 * The steps of `types` the role may send (`mayRoleSend`) and the machine could take now from `snapshot`,
 * each with what it needs: read from the transitions of the active states and the rules their guards
 * name, the same rules the machine's guards are, so nothing is probed and nothing is written twice.
 */
export function nextStepsOf<C, T extends string>(
  root: AnyStateNode,
  steps: StepRules<C>,
  snapshot: { value: StateValue; context: C },
  types: readonly T[],
  mayRoleSend: (type: T) => boolean,
  meta: StepMeta,
): NextStep<T>[] {
  const nodes = activeNodes(root, snapshot.value);
  const next: NextStep<T>[] = [];
  for (const type of types) {
    if (!mayRoleSend(type)) continue;
    const needs = needsFromTransitions(steps, nodes, type, snapshot.context, meta);
    if (needs !== null) next.push({ type, ...needs });
  }
  return next;
}
