/** The first event of every aggregate's history: it carries what the machine starts from, so the history alone rebuilds it. */
export const CASE_CREATED = 'CASE_CREATED';
export const ASSESSMENT_CREATED = 'ASSESSMENT_CREATED';
/** Appended by `system` when a case or an assessment moves to a newer machine definition: { from, to, notes }. */
export const MACHINE_UPGRADED = 'MACHINE_UPGRADED';
