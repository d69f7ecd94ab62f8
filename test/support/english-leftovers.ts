/**
 * A simple test for English left in a Swedish message: words and phrases of the API's
 * English messages before they came from the catalogue (src/texts/error-messages.ts),
 * and zod's own. Lower case; a message is checked with `toLowerCase()`.
 */
export const ENGLISH_LEFTOVERS = [
  'invalid',
  'expected',
  'received',
  'must be',
  'must not',
  'is required',
  'is not',
  'no such',
  'not possible',
  'the request',
  'request body',
  'your role',
  'may not',
  'only a',
  'try again',
  'log in',
  'too many',
  'unrecognized',
  'characters',
  'option',
  'token',
  'unexpected',
  ' the ',
];
