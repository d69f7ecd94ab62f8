// @ts-check
/** The logged-in user and their bearer token, for this browser tab only (sessionStorage). */
const KEY = 'stegvis.session';

/** @returns {Session | null} */
export function getSession() {
  try {
    const stored = sessionStorage.getItem(KEY);
    return stored ? JSON.parse(stored) : null;
  } catch {
    return null;
  }
}

/** @param {Session} session */
export function setSession(session) {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

/** @type {(() => void)[]} */
const clearedHandlers = [];
/**
 * Called when the session ends: whatever a module keeps in memory for the user goes with it.
 * @param {() => void} handler
 */
export function whenSessionCleared(handler) {
  clearedHandlers.push(handler);
}

/** Logging out leaves nothing of the user in the tab: all of sessionStorage, and the modules' in-memory data. */
export function clearSession() {
  sessionStorage.clear();
  for (const handler of clearedHandlers) handler();
}
