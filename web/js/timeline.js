// @ts-check
/** The case's history in Swedish: every event the user may see, who, in which role, when. Newest first. */
import { h } from './dom.js';
import { formatDateTime, formatValue } from './format.js';

/**
 * @param {UiProcess} process
 * @param {HistoryEntry[]} events
 */
export function renderTimeline(process, events) {
  if (events.length === 0) return h('p', null, 'Inga händelser ännu.');
  return h(
    'ol',
    { class: 'timeline' },
    [...events].reverse().map((event) => {
      const known = process.events[event.type];
      const other = process.texts.otherHistory[event.type];
      const title = event.title ?? known?.done ?? other?.done ?? event.type;
      // A payload stored under an earlier version of the machine keeps its fields (stored events are never rewritten).
      const fields = { ...known?.earlierFields, ...(known?.fields ?? other?.fields) };
      const properties = known?.schema?.properties ?? {};
      const payload = Object.entries(event.payload ?? {}).filter(([, value]) => value !== undefined && value !== null && value !== '');
      return h(
        'li',
        { class: 'timeline__item' },
        h('h3', { class: 'timeline__title' }, title),
        h(
          'p',
          { class: 'timeline__meta' },
          h('span', null, event.actor.displayName),
          // The service's own steps (an expired decision): its name says it all, not "Stegvis (automatiskt), Stegvis (automatiskt)".
          event.actor.role === 'system' ? null : [', ', h('span', null, process.texts.roles[event.actor.role] ?? event.actor.role)],
          ' · ',
          h('time', { datetime: event.occurredAt }, formatDateTime(event.occurredAt)),
        ),
        payload.length > 0
          ? h(
              'dl',
              { class: 'timeline__details' },
              // A person named by id (a handover, an assignment) is shown by name.
              payload.map(([name, value]) => [h('dt', null, fields[name]?.label ?? name), h('dd', null, event.people?.[name] ?? formatValue(value, properties[name], fields[name]))]),
            )
          : null,
      );
    }),
  );
}
