// @ts-check
/**
 * What the interface says about an API error. The API's `message` (and each field
 * issue's `message`) is already Swedish, from its one catalogue
 * (src/texts/error-messages.ts); the interface shows it as it is and reads the
 * stable `reason` only for what it does (reload after `stale_version`, say that the
 * page now shows what can be done after `not_allowed_in_state`).
 */

/** Shown when the answer has no message of the API (a proxy's error page, a network failure without words). */
export const FALLBACK_TEXT = 'Något gick fel. Försök igen om en stund.';

/**
 * A field issue's text (Swedish from the API, or the interface's own).
 * @param {{ message?: string }} issue
 */
export function issueText(issue) {
  return issue.message || FALLBACK_TEXT;
}

/**
 * A Swedish sentence for an API error that is not about one field.
 * @param {{ code: string, reason?: string, message: string }} error
 */
export function errorText(error) {
  switch (error.reason) {
    case 'not_allowed_in_state':
      return 'Steget går inte att ta i ärendets nuvarande läge. Sidan visar nu det du kan göra.';
    case 'stale_version':
      return 'Någon annan har ändrat ärendet sedan du öppnade det. Sidan är uppdaterad: kontrollera uppgifterna och försök igen.';
    case 'validation_failed':
      return 'Uppgifterna behöver rättas.';
    default:
      // NETWORK is the interface's own error (api.js), already in Swedish.
      return error.reason || error.code === 'NETWORK' ? error.message || FALLBACK_TEXT : FALLBACK_TEXT;
  }
}
