/**
 * A machine's diagram as Mermaid (stateDiagram-v2), generated from its definition,
 * so the picture in docs/ is always the machine that runs. Pure: the caller writes it,
 * and gives the diagram's few words (a machine holds no sentences).
 */
import type { AnyStateMachine } from 'xstate';

type Node = AnyStateMachine['root'];

const idOf = (node: Node) => node.path.join('_') || 'root';

function guardName(guard: unknown): string {
  if (!guard) return '';
  if (typeof guard === 'string') return guard;
  // Higher-order guards (and / or / not) are functions carrying their parts.
  if (typeof guard === 'function' && 'guards' in guard) {
    return (guard as unknown as { guards: unknown[] }).guards.map(guardName).join(` ${guard.name === 'or' ? 'or' : guard.name === 'not' ? 'not' : 'and'} `);
  }
  if (typeof guard === 'object' && guard !== null && 'type' in guard) {
    const { type, params } = guard as { type: unknown; params?: Record<string, unknown> };
    // Parameters tell branches of one guard apart: isCurrentInsats(avbruten).
    return params ? `${String(type)}(${Object.values(params).flat().join(', ')})` : String(type);
  }
  return 'guard';
}

/** The diagram's own words, in the caller's language. */
export interface MermaidWords {
  /** The label of an eventless (`always`) transition. */
  automatic: string;
  /** The note listing the root's events, allowed in every active state. */
  everyState: (events: readonly string[]) => string;
}

export function toMermaid(machine: AnyStateMachine, words: MermaidWords): string {
  const lines = ['stateDiagram-v2'];
  const edges: string[] = [];
  // States first, nested as in the machine; every transition afterwards at the top level,
  // since a transition may cross from one composite state into another.
  const render = (node: Node, indent: string) => {
    const children = Object.values(node.states) as Node[];
    if (node.initial?.target[0] && children.length > 0) lines.push(`${indent}[*] --> ${idOf(node.initial.target[0] as Node)}`);
    for (const child of children) {
      if (Object.keys(child.states).length > 0) {
        lines.push(`${indent}state ${idOf(child)} {`);
        render(child, `${indent}  `);
        lines.push(`${indent}}`);
      } else {
        lines.push(`${indent}${idOf(child)}`);
        if (child.type === 'final') lines.push(`${indent}${idOf(child)} --> [*]`);
      }
      for (const [eventType, definitions] of child.transitions) {
        for (const definition of definitions) {
          const guard = guardName(definition.guard);
          for (const target of (definition.target as Node[] | undefined) ?? [child]) edges.push(`  ${idOf(child)} --> ${idOf(target)} : ${eventType}${guard ? ` [${guard}]` : ''}`);
        }
      }
      for (const definition of child.always ?? []) {
        for (const target of (definition.target as Node[] | undefined) ?? []) edges.push(`  ${idOf(child)} --> ${idOf(target)} : (${words.automatic}) [${guardName(definition.guard)}]`);
      }
    }
  };
  render(machine.root, '  ');
  lines.push(...edges);
  // Transitions of the root itself (allowed in every active state) are listed as a note.
  const rootEvents = [...machine.root.transitions.keys()];
  if (rootEvents.length > 0) lines.push(`  note right of ${idOf(Object.values(machine.root.states)[0] as Node)} : ${words.everyState(rootEvents)}`);
  return `${lines.join('\n')}\n`;
}
