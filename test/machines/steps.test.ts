/**
 * The shared reader of step rules (machines/shared/steps.ts) on a small machine: nested states (the
 * innermost first, then the parents), a choice between two transitions, a forbidden event, and XState's `and` / `not`.
 */
import { and, createActor, not, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { guardsOf, nextStepsOf, possibleIf, stepMeta, type StepRule } from '../../machines/shared/steps';

interface Context {
  open: boolean;
  names: string[];
}
type Rule = StepRule<Context>;
const rules = {
  isOpen: { needs: (context) => possibleIf(context.open) } satisfies Rule,
  namesOne: {
    needs: (context) => (context.names.length > 0 ? { requires: ['name'], parties: context.names } : null),
    accepts: (needs, event) => (needs.parties ?? []).includes(String(event.name)),
  } satisfies Rule,
};
type Event = { type: 'A' | 'B' | 'C' | 'D' | 'E'; name?: string; meta: ReturnType<typeof stepMeta> };

const machine = setup({ types: { context: {} as Context, events: {} as Event, input: {} as Context }, guards: guardsOf<Context, typeof rules>(rules), actions: { note: () => undefined } }).createMachine({
  context: ({ input }) => input,
  initial: 'outer',
  on: { C: { guard: not('isOpen'), actions: 'note' } },
  states: {
    outer: {
      initial: 'inner',
      on: { B: { guard: 'isOpen', actions: 'note' }, E: { actions: 'note' } },
      states: {
        inner: {
          on: {
            A: { guard: and(['isOpen', 'namesOne']), actions: 'note' },
            B: { guard: 'namesOne', actions: 'note' },
            D: [{ guard: 'namesOne', actions: 'note' }, { actions: 'note' }],
            // Forbidden here, so the parent's E is not asked.
            E: {},
          },
        },
      },
    },
  },
});
const steps = { machine: 'test', rules };
const meta = stepMeta('socialsekreterare', '2026-01-01T00:00:00Z');

function nextFor(context: Context) {
  const snapshot = createActor(machine, { input: context }).getSnapshot();
  return nextStepsOf(machine.root, steps, snapshot, ['A', 'B', 'C', 'D', 'E'] as const, () => true, meta);
}

describe('the next steps read from the rules the guards name', () => {
  it('reads and([...]) as what all parts need, and the parent when the inner state cannot', () => {
    expect(nextFor({ open: true, names: ['x'] })).toEqual([
      { type: 'A', requires: ['name'], parties: ['x'] },
      { type: 'B', requires: ['name'], parties: ['x'] },
      { type: 'D', requires: ['name'], parties: ['x'] },
    ]);
    expect(nextFor({ open: true, names: [] })).toEqual([
      { type: 'B', requires: [] },
      { type: 'D', requires: [] },
    ]);
  });

  it('reads not(rule) for a rule that looks at the context only', () => {
    expect(nextFor({ open: false, names: [] }).map((step) => step.type)).toEqual(['C', 'D']);
  });

  it('agrees with the machine itself', () => {
    for (const context of [{ open: true, names: ['x'] }, { open: false, names: ['x'] }, { open: true, names: [] }, { open: false, names: [] }]) {
      const snapshot = createActor(machine, { input: context }).getSnapshot();
      for (const step of nextFor(context)) expect(snapshot.can({ type: step.type, name: step.parties?.[0], meta })).toBe(true);
      const offered = nextFor(context).map((step) => step.type);
      for (const type of (['A', 'B', 'C', 'D', 'E'] as const).filter((t) => !offered.includes(t))) expect(snapshot.can({ type, name: 'x', meta })).toBe(false);
    }
  });
});
