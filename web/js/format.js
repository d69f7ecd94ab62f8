// @ts-check
/** Dates and people in Swedish, in Swedish time. */
const TIME_ZONE = 'Europe/Stockholm';
const dateFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/**
 * "2026-02-03" → "3 februari 2026"
 * @param {string | null | undefined} isoDate
 */
export function formatDate(isoDate) {
  if (!isoDate) return '';
  return dateFormat.format(new Date(`${isoDate.slice(0, 10)}T12:00:00Z`));
}

/**
 * An instant → "3 februari 2026 09:00" (Swedish time).
 * @param {string | null | undefined} iso
 */
export function formatDateTime(iso) {
  if (!iso) return '';
  return dateTimeFormat.format(new Date(iso));
}

/**
 * A value from a form or a history entry, formatted by its JSON Schema.
 * @param {unknown} value
 * @param {JsonSchema | undefined} schema
 * @param {FieldText | undefined} fieldText
 */
export function formatValue(value, schema, fieldText) {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'Ja' : 'Nej';
  const text = /** @type {string} */ (value);
  if (fieldText?.options?.[text]) return fieldText.options[text];
  if (schema?.format === 'date') return formatDate(text);
  if (schema?.format === 'date-time') return formatDateTime(text);
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * What the API gives of a client: masked for protected identities where the law says so.
 * @param {ClientRef | null | undefined} client
 */
export function clientText(client) {
  if (!client) return '';
  if (client.masked) return 'Skyddade personuppgifter';
  return `${client.name} (${client.personnummer})`;
}

/** @param {ClientRef | null | undefined} client */
export function clientName(client) {
  if (!client) return '';
  return client.masked ? 'Skyddade personuppgifter' : client.name;
}
