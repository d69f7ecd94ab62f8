/** The first event of every aggregate's history: it carries what the machine starts from, so the history alone rebuilds it. */
export const CASE_CREATED = 'CASE_CREATED';
export const ASSESSMENT_CREATED = 'ASSESSMENT_CREATED';
