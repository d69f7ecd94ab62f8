// @ts-check
/**
 * The process map: the anvisning machine's states (from its definition, via
 * /api/ui/anvisning) as boxes in the order of the routine, the case's current
 * state highlighted, and where the process leads from there. A map of the
 * routine, not a list of what this user may do (that is allowedEvents).
 */
import { h } from './dom.js';

/**
 * @param {string} path
 * @param {string} current
 */
function contains(path, current) {
  return current === path || current.startsWith(`${path}.`);
}

/**
 * @param {MapState} state
 * @param {string} current
 * @param {'li' | 'div'} [tag]
 * @returns {HTMLElement}
 */
function stateBox(state, current, tag = 'li') {
  const isCurrent = state.path === current;
  const holdsCurrent = !isCurrent && contains(state.path, current);
  const classes = ['map-state', state.final ? 'map-state--final' : '', isCurrent ? 'map-state--current' : '', holdsCurrent ? 'map-state--holds-current' : ''].filter(Boolean).join(' ');
  return h(
    tag,
    { class: classes, 'data-state': state.path, ...(isCurrent ? { 'aria-current': 'step' } : {}) },
    h('span', { class: 'map-state__label' }, state.label),
    isCurrent ? h('span', { class: 'map-state__here' }, 'Här står ärendet') : null,
    state.children.length > 0 ? h('ol', { class: 'map-substates' }, state.children.map((child) => stateBox(child, current))) : null,
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
 */
export function renderProcessMap(process, current) {
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
      process.map.states.filter((state) => !state.final).map((state) => stateBox(state, current)),
      // The end states share one column: the routine ends one way or the other.
      h('li', { class: 'map-ends' }, h('span', { class: 'map-state__label' }, 'Slut'), h('ol', { class: 'map-substates' }, process.map.states.filter((state) => state.final).map((state) => stateBox(state, current)))),
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
