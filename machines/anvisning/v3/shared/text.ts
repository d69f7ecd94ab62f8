/**
 * Text people type into Stegvis: refused with a message at the field when it
 * holds what no person types and PostgreSQL cannot store (a NUL is a 500 from
 * the database otherwise), or what would break a line of text.
 *
 * - `singleLine(schema)`: a name, a place, a party, an id: no control
 *   characters at all (no line breaks or tabs either), no line separators.
 * - `freeText(schema)`: a summary, a reason, an answer, a document: line
 *   breaks (\n, \r) and tabs are fine, other control characters are not.
 *
 * Both refuse broken Unicode (a lone surrogate), which would otherwise be
 * stored silently as "�". Control characters here are C0 (U+0000–U+001F), DEL
 * (U+007F) and C1 (U+0080–U+009F), and the bidirectional embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069), which make a text read differently from
 * what it holds (a party's name or a reason shown reversed). A one-line field also
 * refuses the invisible zero-width space and byte-order mark (U+200B, U+FEFF), so two
 * names that look the same are the same.
 */
import type { z } from 'zod';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b\ufeff]/u;
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
const LONE_SURROGATE = /\p{Cs}/u;

// The refusals are reason codes (the API's catalogue, src/texts/error-messages.ts, has their words).
/** A line break, tab, NUL or other control character in a one-line field. */
export const SINGLE_LINE_MESSAGE = 'single_line';
/** A control character other than line breaks and tabs in a free-text field. */
export const FREE_TEXT_MESSAGE = 'control_characters';
/** A lone surrogate. */
export const BROKEN_UNICODE_MESSAGE = 'broken_unicode';

/** True when `value` holds a control character (line breaks and tabs allowed when `allowLineBreaks`) or broken Unicode. */
export function hasControlCharacters(value: string, options: { allowLineBreaks: boolean }): boolean {
  return (options.allowLineBreaks ? CONTROL_IN_TEXT : CONTROL_IN_LINE).test(value) || LONE_SURROGATE.test(value);
}

/** A one-line text field: no control characters, no line breaks or tabs, no broken Unicode. */
export function singleLine<S extends z.ZodString>(schema: S): S {
  return schema.refine((value) => !CONTROL_IN_LINE.test(value), SINGLE_LINE_MESSAGE).refine((value) => !LONE_SURROGATE.test(value), BROKEN_UNICODE_MESSAGE);
}

/** A free-text field: line breaks and tabs are kept, other control characters and broken Unicode are refused. */
export function freeText<S extends z.ZodString>(schema: S): S {
  return schema.refine((value) => !CONTROL_IN_TEXT.test(value), FREE_TEXT_MESSAGE).refine((value) => !LONE_SURROGATE.test(value), BROKEN_UNICODE_MESSAGE);
}
