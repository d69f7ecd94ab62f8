/**
 * What a model-based suite covers of a machine's definition: every state node,
 * and every transition (each branch of a guarded list counts), named readably,
 * with which ones one step takes. Shared by the suites of every machine.
 */
import { transition, type AnyStateMachine, type EventObject, type SnapshotFrom } from 'xstate';

type StateNode = AnyStateMachine['root'];
type TransitionDefinition = ReturnType<AnyStateMachine['getTransitionData']>[number];

export interface DefinitionCoverage<M extends AnyStateMachine> {
  allStateNodes(): StateNode[];
  /** Every transition of the definition, by a readable id. */
  allTransitions: readonly string[];
  /** The transitions of the definition one step takes, including eventless ones that follow it. */
  transitionsTaken(snapshot: SnapshotFrom<M>, event: EventObject): string[];
}

export function definitionCoverage<M extends AnyStateMachine>(machine: M): DefinitionCoverage<M> {
  const nodes: StateNode[] = [];
  const visit = (node: StateNode) => {
    nodes.push(node);
    for (const child of Object.values(node.states)) visit(child as StateNode);
  };
  visit(machine.root);

  const transitionIds = new Map<TransitionDefinition, string>();
  for (const node of nodes) {
    for (const [eventType, definitions] of node.transitions) {
      definitions.forEach((definition, index) =>
        transitionIds.set(definition, `${node.id} --${eventType}[${index}]--> ${definition.target?.map((t) => t.id).join(',') ?? '(self)'}`),
      );
    }
    node.always?.forEach((definition, index) => transitionIds.set(definition, `${node.id} --always[${index}]--> ${definition.target?.map((t) => t.id).join(',')}`));
  }

  return {
    allStateNodes: () => nodes,
    allTransitions: [...transitionIds.values()],
    transitionsTaken(snapshot, event) {
      const taken = machine.getTransitionData(snapshot as never, event as never).map((definition) => transitionIds.get(definition)!);
      const [next] = transition(machine, snapshot as never, event as never);
      // An eventless transition ran if the step ended somewhere its own transition did not target.
      for (const node of nodes) {
        for (const definition of node.always ?? []) {
          const target = definition.target?.[0];
          const path = target?.path.join('.');
          if (target && path && (next as { matches(p: never): boolean }).matches(path as never) && !(snapshot as { matches(p: never): boolean }).matches(path as never) && taken.every((id) => !id.endsWith(`--> ${target.id}`))) {
            taken.push(transitionIds.get(definition)!);
          }
        }
      }
      return taken;
    },
  };
}
