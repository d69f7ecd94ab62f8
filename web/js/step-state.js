// @ts-check
/**
 * How a step stands, said in words and an icon beside the colour (WCAG 1.4.1): done ("Klar"), the one to take
 * now ("Nu"), or not yet possible ("Inte möjlig än"). Used on the case page's steps and on the process map.
 */
import { h } from './dom.js';

/** @typedef {'klar' | 'nu' | 'inte-mojlig'} StepState */

/** @type {Record<StepState, { icon: string, text: string }>} */
const STEP_STATES = {
  klar: { icon: '✓', text: 'Klar' },
  nu: { icon: '→', text: 'Nu' },
  'inte-mojlig': { icon: '✕', text: 'Inte möjlig än' },
};

/**
 * @param {StepState} state
 * @param {string} [id]
 */
export function stepStateTag(state, id) {
  const { icon, text } = STEP_STATES[state];
  return h('span', { class: `step-state step-state--${state}`, 'data-step-state': state, ...(id ? { id } : {}) }, h('span', { class: 'step-state__icon', 'aria-hidden': 'true' }, icon), text);
}
