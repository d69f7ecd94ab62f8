/** Dates and people in Swedish, in Swedish time. */
const TIME_ZONE = 'Europe/Stockholm';
const dateFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** "2026-02-03" → "3 februari 2026" */
export function formatDate(isoDate) {
  if (!isoDate) return '';
  return dateFormat.format(new Date(`${isoDate.slice(0, 10)}T12:00:00Z`));
}

/** An instant → "3 februari 2026 09:00" (Swedish time). */
export function formatDateTime(iso) {
  if (!iso) return '';
  return dateTimeFormat.format(new Date(iso));
}

/** A value from a form or a history entry, formatted by its JSON Schema. */
export function formatValue(value, schema, fieldText) {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'Ja' : 'Nej';
  if (fieldText?.options?.[value]) return fieldText.options[value];
  if (schema?.format === 'date') return formatDate(value);
  if (schema?.format === 'date-time') return formatDateTime(value);
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** What the API gives of a client: masked for protected identities where the law says so. */
export function clientText(client) {
  if (!client) return '';
  if (client.masked) return 'Skyddade personuppgifter';
  return `${client.name} (${client.personnummer})`;
}

export function clientName(client) {
  if (!client) return '';
  return client.masked ? 'Skyddade personuppgifter' : client.name;
}
