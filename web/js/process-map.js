// @ts-check
/**
 * The process map: the anvisning machine's states (from its definition, via
 * /api/ui/anvisning) as boxes in the order of the routine, the case's current
 * state highlighted, and where the process leads from there. A map of the
 * routine, not a list of what this user may do (that is allowedEvents).
 */
import { h } from './dom.js';
import { stepStateTag } from './step-state.js';

/**
 * @param {string} path
 * @param {string} current
 */
function contains(path, current) {
  return current === path || current.startsWith(`${path}.`);
}

/**
 * The routine's own line through a phase: from its first state along the transitions without a condition
 * (samråd 1 → 2 → 3 → klart); a state beside it (vilande, a missed meeting) is on no line.
 * @param {MapState} phase
 * @returns {MapState[]}
 */
function mainLine(phase) {
  const byPath = new Map(phase.children.map((child) => [child.path, child]));
  /** @type {MapState[]} */
  const line = [];
  for (let state = phase.children.find((child) => child.initial); state && !line.includes(state); ) {
    line.push(state);
    const from = /** @type {MapState} */ (state);
    const next = from.transitions.find((transition) => !transition.conditional && transition.target !== from.path && byPath.has(transition.target));
    state = next ? byPath.get(next.target) : undefined;
  }
  return line;
}

/**
 * How each state of the map stands for this case, by path: the phases before the current one and the states
 * before the current one on its phase's line are done, the current state and its phase are now, the phases after
 * it and the states after it on the line are not yet possible. An ended case marks only where it ended.
 * @param {MapState[]} phases
 * @param {string} current
 * @param {string} status
 * @returns {Map<string, import('./step-state.js').StepState>}
 */
function stepStates(phases, current, status) {
  /** @type {Map<string, import('./step-state.js').StepState>} */
  const states = new Map([[current, 'nu']]);
  if (status !== 'active') return states;
  const routine = phases.filter((phase) => !phase.final);
  const at = routine.findIndex((phase) => contains(phase.path, current));
  if (at < 0) return states;
  routine.forEach((phase, index) => {
    if (index !== at) states.set(phase.path, index < at ? 'klar' : 'inte-mojlig');
  });
  const phase = routine[at];
  if (phase.path !== current) states.set(phase.path, 'nu');
  const line = mainLine(phase);
  const here = line.findIndex((state) => state.path === current);
  if (here >= 0) line.forEach((state, index) => index !== here && states.set(state.path, index < here ? 'klar' : 'inte-mojlig'));
  return states;
}

/**
 * @param {MapState} state
 * @param {string} current
 * @param {Map<string, import('./step-state.js').StepState>} states
 * @param {'li' | 'div'} [tag]
 * @returns {HTMLElement}
 */
function stateBox(state, current, states, tag = 'li') {
  const isCurrent = state.path === current;
  const holdsCurrent = !isCurrent && contains(state.path, current);
  const stepState = states.get(state.path);
  const classes = ['map-state', state.final ? 'map-state--final' : '', isCurrent ? 'map-state--current' : '', holdsCurrent ? 'map-state--holds-current' : '', stepState ? `map-state--${stepState}` : ''].filter(Boolean).join(' ');
  return h(
    tag,
    { class: classes, 'data-state': state.path, ...(stepState ? { 'data-step-state': stepState } : {}), ...(isCurrent ? { 'aria-current': 'step' } : {}) },
    h('span', { class: 'map-state__label' }, state.label),
    // The current state says it in its own words; the others carry their tag.
    isCurrent ? h('span', { class: 'map-state__here' }, 'Här står ärendet') : stepState ? stepStateTag(stepState) : null,
    state.children.length > 0 ? h('ol', { class: 'map-substates' }, state.children.map((child) => stateBox(child, current, states))) : null,
  );
}

/**
 * @param {MapState[]} states
 * @param {string} path
 * @returns {MapState | null}
 */
function findState(states, path) {
  for (const state of states) {
    if (state.path === path) return state;
    const inner = findState(state.children, path);
    if (inner) return inner;
  }
  return null;
}

/**
 * The transitions of the current state and of the states around it, as the machine defines them.
 * @param {UiProcess} process
 * @param {string} current
 */
function transitionsFrom(process, current) {
  const parts = current.split('.');
  /** @type {MapTransition[]} */
  const result = [];
  for (let depth = parts.length; depth >= 1; depth -= 1) {
    const state = findState(process.map.states, parts.slice(0, depth).join('.'));
    if (state) result.push(...state.transitions);
  }
  return result;
}

/**
 * The routine's deadlines, each with the period this Stegvis is configured with; a period the routine does not give
 * (it says "skyndsamt") is labelled as Stegvis's assumption.
 * @param {ScheduledDeadline[]} deadlines
 */
function deadlineList(deadlines) {
  return h(
    'div',
    { class: 'map-deadlines' },
    h('h3', null, 'Tidsfrister i processen'),
    h(
      'ul',
      null,
      deadlines.map((deadline) =>
        h('li', { 'data-deadline': deadline.kind }, h('strong', null, deadline.label), `: ${deadline.when}.`, deadline.assumption ? h('span', { class: 'assumption' }, deadline.assumption) : null),
      ),
    ),
  );
}

/**
 * @param {UiProcess} process
 * @param {string} current
 * @param {string} [status] the case's status: an ended case marks no step as done or not yet possible
 */
export function renderProcessMap(process, current, status = 'active') {
  const states = stepStates(process.map.states, current, status);
  /** @param {string} path */
  const labelOf = (path) => {
    const label = findState(process.map.states, path)?.label ?? path;
    const phase = path.includes('.') ? findState(process.map.states, path.split('.')[0])?.label : null;
    return phase ? `${phase}: ${label}` : label;
  };
  /** @param {string} type */
  const eventText = (type) => process.events[type]?.action ?? (type === '(automatiskt)' ? 'Automatiskt när båda avslut är gjorda' : type);
  const transitions = transitionsFrom(process, current);
  const seen = new Set();
  const items = [];
  for (const transition of transitions) {
    const key = `${transition.event}>${transition.target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const where = contains(transition.target, current) ? 'ärendet stannar i steget' : `leder till ${labelOf(transition.target)}`;
    items.push(h('li', null, h('span', { class: 'map-event' }, eventText(transition.event)), `: ${where}`, transition.conditional ? ' (på villkor)' : ''));
  }
  const everywhere = process.map.everywhere.map(eventText);
  const finalState = findState(process.map.states, current)?.final;

  return h(
    'div',
    { class: 'process-map' },
    h(
      'ol',
      { class: 'map-phases', 'aria-label': 'Processens steg' },
      process.map.states.filter((state) => !state.final).map((state) => stateBox(state, current, states)),
      // The end states share one column: the routine ends one way or the other.
      h('li', { class: 'map-ends' }, h('span', { class: 'map-state__label' }, 'Slut'), h('ol', { class: 'map-substates' }, process.map.states.filter((state) => state.final).map((state) => stateBox(state, current, states)))),
    ),
    deadlineList(process.deadlines),
    finalState
      ? null
      : h(
          'details',
          { class: 'map-next' },
          h('summary', null, `Härifrån i processen (${items.length} vägar)`),
          h('p', { class: 'hint' }, 'Så leder processen vidare från det här steget, oavsett vem som tar steget. Vad du själv kan göra står under "Vad du kan göra nu".'),
          h('ul', null, items),
          everywhere.length > 0 ? h('p', { class: 'hint' }, `I alla pågående steg: ${everywhere.join(', ')}.`) : null,
        ),
  );
}
