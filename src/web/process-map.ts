/**
 * The process map of the web interface: the anvisning machine's states and
 * transitions, read from its definition (like the Mermaid diagram in
 * docs/machines/, machines/shared/mermaid.ts), with Swedish words. The browser
 * draws it and highlights the case's current state; nothing here decides what
 * a user may do (that is the case view's allowedEvents).
 */
import { z } from 'zod';
import type { AnyStateMachine } from 'xstate';
import { anvisningMachine, anvisningPayloadSchemas, ANVISNING_EVENT_ROLES, ANVISNING_EVENT_TYPES, type AnvisningEventType, type DecisionBlocker } from '../../machines/anvisning';
import { EVENT_TEXTS, STATE_TEXTS } from './texts';

type Node = AnyStateMachine['root'];

export interface MapTransition {
  event: string;
  /** Dotted path of the target state; the same state for a step that stays. */
  target: string;
  /** A guard's name when the transition is conditional (shown as "om …"). */
  conditional: boolean;
}

export interface MapState {
  path: string;
  label: string;
  description: string;
  final: boolean;
  /** The state entered first when the parent is entered. */
  initial: boolean;
  children: MapState[];
  transitions: MapTransition[];
}

const pathOf = (node: Node) => node.path.join('.');

function transitionsOf(node: Node): MapTransition[] {
  const seen = new Set<string>();
  const result: MapTransition[] = [];
  const add = (transition: MapTransition) => {
    const key = `${transition.event}>${transition.target}`;
    if (seen.has(key)) return;
    seen.add(key);
    result.push(transition);
  };
  for (const [event, definitions] of node.transitions) {
    for (const definition of definitions) {
      const targets = (definition.target as Node[] | undefined) ?? [node];
      for (const target of targets) add({ event, target: pathOf(target), conditional: Boolean(definition.guard) });
    }
  }
  for (const definition of node.always ?? []) {
    for (const target of (definition.target as Node[] | undefined) ?? []) add({ event: '(automatiskt)', target: pathOf(target), conditional: Boolean(definition.guard) });
  }
  return result;
}

function mapState(node: Node, parent: Node | null): MapState {
  const path = pathOf(node);
  const text = STATE_TEXTS[path];
  if (!text) throw new Error(`No Swedish text for the state "${path}" (src/web/texts.ts STATE_TEXTS)`);
  return {
    path,
    label: text.label,
    description: text.description,
    final: node.type === 'final',
    initial: parent?.initial?.target[0] === node,
    children: (Object.values(node.states) as Node[]).map((child) => mapState(child, node)),
    transitions: transitionsOf(node),
  };
}

/** The anvisning machine as a tree of Swedish-labelled states, with the events allowed in every active state. */
export function buildProcessMap(machine: AnyStateMachine = anvisningMachine) {
  const root = machine.root;
  return {
    states: (Object.values(root.states) as Node[]).map((node) => mapState(node, root)),
    everywhere: [...root.transitions.keys()],
  };
}

/** Each event's payload as JSON Schema (from the zod schema the API validates with), its Swedish words and who may send it. */
export function buildEventCatalog() {
  return Object.fromEntries(
    ANVISNING_EVENT_TYPES.map((type) => [
      type,
      {
        ...EVENT_TEXTS[type],
        roles: ANVISNING_EVENT_ROLES[type],
        schema: z.toJSONSchema(anvisningPayloadSchemas[type], { io: 'input', unrepresentable: 'any' }),
      },
    ]),
  );
}

/**
 * The preparation steps that stay offered once taken (to correct them), each with the decision blockers it removes:
 * a step none of whose blockers the machine still names is done, and the case page shows it so.
 */
const PREPARATION_STEP_BLOCKERS = {
  KC_CRITERIA_ASSESSED: ['criteria_missing', 'criteria_deviation_reason_missing'],
  KC_CONSENT_RECORDED: ['consent_missing', 'consent_declined'],
  ARBETSPLAN_UPDATED: ['arbetsplan_missing'],
  KC_SAMORDNARE_CONSULTED: ['samordnare_not_consulted'],
} as const satisfies Partial<Record<AnvisningEventType, readonly DecisionBlocker['code'][]>>;

/** The preparation steps done, read from the machine's decision blockers (machines/anvisning/steps.ts). */
export function donePreparationSteps(blockers: readonly DecisionBlocker[]): AnvisningEventType[] {
  const open = new Set<string>(blockers.map((blocker) => blocker.code));
  return (Object.entries(PREPARATION_STEP_BLOCKERS) as [AnvisningEventType, readonly string[]][]).filter(([, codes]) => !codes.some((code) => open.has(code))).map(([type]) => type);
}
