// @ts-check
/**
 * The only way the pages talk to Stegvis: the JSON API under /api with the
 * user's bearer token. Errors arrive as { error: { code, reason, message, details } }: `reason` is
 * a stable code, `message` a Swedish sentence to show as it is.
 */
import { clearSession, getSession, whenSessionCleared } from './session.js';

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {ApiErrorBody | null | undefined} body
   */
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code ?? 'UNKNOWN';
    /** The API's stable reason code (`stale_version`, `case_not_found`, …); '' when the answer had none. */
    this.reason = body?.error?.reason ?? '';
    /** @type {any} the API's details: field problems of a 400, or what a refusal is about */
    this.details = body?.error?.details;
  }
}

/** @type {() => void} */
let onUnauthenticated = () => {};
/** @param {() => void} handler */
export function whenUnauthenticated(handler) {
  onUnauthenticated = handler;
}

/**
 * One request with the user's token; a 401 on a session ends it.
 * @param {string} path
 * @param {{ method?: string, body?: unknown, headers?: Record<string, string> }} options
 * @returns {Promise<Response>}
 */
async function send(path, { method = 'GET', body, headers = {} }) {
  const session = getSession();
  let response;
  try {
    // Never from or into the browser's HTTP cache: what the API says depends on who asks, and the
    // next user of this computer must not be shown the last one's answers.
    response = await fetch(path, {
      method,
      cache: 'no-store',
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(session?.token ? { Authorization: `Bearer ${session.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { error: { code: 'NETWORK', message: 'Stegvis svarar inte. Kontrollera nätverket och försök igen.' } });
  }
  if (response.status === 401 && session?.token && !path.startsWith('/api/auth/dev-login')) {
    clearSession();
    onUnauthenticated();
  }
  return response;
}

/**
 * @param {string} path
 * @param {{ method?: string, body?: unknown, headers?: Record<string, string> }} [options]
 * @returns {Promise<any>} the JSON the API answered (its views are described in web/types/api.d.ts)
 */
export async function api(path, options = {}) {
  const response = await send(path, options);
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/**
 * A file the API makes (the statistics as CSV): its content and the name the API gives it.
 * @param {string} path
 * @param {string} accept the file's media type, e.g. text/csv
 * @returns {Promise<{ blob: Blob, filename: string | null }>}
 */
export async function apiFile(path, accept) {
  const response = await send(path, { headers: { Accept: accept } });
  // A refusal is JSON, as from every other route.
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  const filename = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? null;
  return { blob: await response.blob(), filename };
}

/** @type {Promise<UiProcess> | undefined} */
let processPromise;
/**
 * The process in Swedish (map, events with schemas, texts): loaded once per page load.
 * @returns {Promise<UiProcess>}
 */
export function loadProcess() {
  processPromise ??= api('/api/ui/anvisning').catch((error) => {
    processPromise = undefined;
    throw error;
  });
  return processPromise;
}

/** @type {{ token: string | undefined, promise: Promise<UiBedomning> } | undefined} */
let bedomning;

// Logging out (or a session that ran out) forgets everything loaded for the user.
whenSessionCleared(() => {
  processPromise = undefined;
  bedomning = undefined;
});

/**
 * The bedömningsstöd in Swedish (events with schemas, states, kinds, document fields) and allowedBeforeStart: once per login.
 * @returns {Promise<UiBedomning>}
 */
export function loadBedomning() {
  const token = getSession()?.token;
  if (bedomning?.token !== token) {
    /** @type {Promise<UiBedomning>} */
    const promise = api('/api/ui/bedomning').catch((error) => {
      if (bedomning?.promise === promise) bedomning = undefined;
      throw error;
    });
    bedomning = { token, promise };
  }
  return /** @type {NonNullable<typeof bedomning>} */ (bedomning).promise;
}
