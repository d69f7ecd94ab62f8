/** Stegvis's Swedish texts: the API's error messages and the process's words. */
export * from './error-messages';
export * from './process-messages';
