// @ts-check
/**
 * The follow-up's words (docs/statistics.md): a Swedish name for every measure key the statistics API
 * answers with, and for its groupings. test/ui/texts.test.ts checks them against the API's keys
 * (src/statistics/measures.ts). A group value without words here is shown as the API gives it, so a
 * new grouping shows before it has words.
 */

/** @type {Record<string, string>} */
export const MEASURE_TEXTS = {
  referralsCreated: 'Nya anvisningar',
  decisions: 'Beslut om anvisning',
  renewals: 'Förnyade beslut',
  withdrawals: 'Återtagna anvisningar',
  consentsDeclined: 'Samtycke till KC nekat',
  waitingOnAfActivity: 'Väntar på aktivitet hos Arbetsförmedlingen',
  inskrivningarMissed: 'Uteblivna inskrivningar',
  avvikelserReported: 'Rapporterade avvikelser',
  endedWithoutInskrivning: 'Avslutade utan inskrivning',
  overdueSteps: 'Försenade steg',
  escalations: 'Eskaleringar',
  'tracksChosen.arbetsmarknad': 'Valt arbetsmarknadsinriktning',
  'tracksChosen.rehab': 'Valt rehabinriktning',
  'tracksChosen.bada': 'Valt båda inriktningarna',
  closings: 'Avslut',
  'closingsByReason.arbete': 'Avslut till arbete',
  'closingsByReason.studier': 'Avslut till studier',
  'closingsByReason.annan_forsorjning': 'Avslut till annan försörjning',
  'closingsByReason.beslut_ej_fornyat': 'Avslut: beslutet förnyades inte',
  'closingsByReason.flytt': 'Avslut: flytt',
  'closingsByReason.ohalsa': 'Avslut: ohälsa',
  'closingsByReason.annat': 'Avslut: annat skäl',
  'daysCreatedToDecision.median': 'Dagar från anvisning till beslut, median',
  'daysCreatedToDecision.p90': 'Dagar från anvisning till beslut, 90:e percentilen',
  'daysDecisionToUppdragSent.median': 'Dagar från beslut till skickat uppdrag, median',
  'daysDecisionToUppdragSent.p90': 'Dagar från beslut till skickat uppdrag, 90:e percentilen',
  'daysUppdragSentToInskrivningHeld.median': 'Dagar från skickat uppdrag till inskrivning, median',
  'daysUppdragSentToInskrivningHeld.p90': 'Dagar från skickat uppdrag till inskrivning, 90:e percentilen',
  shareClosedSelfSufficient: 'Andel avslut till självförsörjning',
  shareEndedWithoutInskrivning: 'Andel avslutade utan inskrivning',
  shareFollowUpsOnTime: 'Andel uppföljningar i tid',
  shareGenomforandeplanOnTime: 'Andel genomförandeplaner i tid',
  shareChoicesFollowingIndication: 'Andel val av inriktning som följde indikationen',
  shareDecisionsAfterCompletedAssessment: 'Andel beslut efter slutförd inledande bedömning',
  'progression.halsa': 'Förändring i skattad hälsa',
  'progression.arbetsformaga': 'Förändring i skattad arbetsförmåga',
  'progression.energiMotivation': 'Förändring i skattad energi och motivation',
  'progression.kommunikation': 'Förändring i skattad kommunikationsförmåga',
};

/** The three durations (each with `.median` and `.p90` in the answer), named as steps. */
export const STEP_TEXTS = {
  daysCreatedToDecision: 'Från anvisning till beslut',
  daysDecisionToUppdragSent: 'Från beslut till skickat uppdrag',
  daysUppdragSentToInskrivningHeld: 'Från skickat uppdrag till inskrivning',
};

/** The groupings the page offers (the API's `groupBy`): add one here when the API has it. */
export const GROUPINGS = [
  { value: '', text: 'Ingen gruppering' },
  { value: 'kon', text: 'Kön' },
  { value: 'aldersgrupp', text: 'Åldersgrupp' },
  { value: 'kon,aldersgrupp', text: 'Kön och åldersgrupp' },
  { value: 'track', text: 'Inriktning' },
  { value: 'kon,track', text: 'Kön och inriktning' },
  { value: 'aldersgrupp,track', text: 'Åldersgrupp och inriktning' },
];

/** The period lengths (the API's `period`). */
export const PERIODS = [
  { value: 'month', text: 'Månad', trend: 'per månad' },
  { value: 'quarter', text: 'Kvartal', trend: 'per kvartal' },
  { value: 'year', text: 'År', trend: 'per år' },
];

/**
 * The dimensions a row's `group` may have, and their values' words.
 * @type {Record<string, string>}
 */
export const DIMENSION_TEXTS = { kon: 'Kön', aldersgrupp: 'Åldersgrupp', track: 'Inriktning' };
/** @type {Record<string, Record<string, string>>} */
const GROUP_VALUE_TEXTS = {
  kon: { kvinna: 'Kvinnor', man: 'Män' },
  track: { arbetsmarknad: 'Arbetsmarknadsinriktning', rehab: 'Rehabinriktning', bada: 'Båda inriktningarna', ingen: 'Ingen inriktning vald' },
};

/** @param {string} key */
export function measureText(key) {
  return MEASURE_TEXTS[key] ?? key;
}

/**
 * One value of one dimension: "Kvinnor", "25–29 år", "50 år och äldre".
 * @param {string} dimension
 * @param {string} value
 */
export function groupValueText(dimension, value) {
  const known = GROUP_VALUE_TEXTS[dimension]?.[value];
  if (known) return known;
  const band = /^(\d+)-(\d*)$/.exec(value);
  if (dimension === 'aldersgrupp' && band) return band[2] ? `${band[1]}–${band[2]} år` : `${band[1]} år och äldre`;
  return value;
}

/**
 * A row's group in words, its dimensions in the order the answer's `groupBy` gives them (then any other).
 * @param {Record<string, string>} group
 * @param {readonly string[]} groupBy
 */
export function groupText(group, groupBy) {
  const dimensions = [...groupBy, ...Object.keys(group).filter((dimension) => !groupBy.includes(dimension))];
  const parts = dimensions.filter((dimension) => group[dimension] !== undefined).map((dimension) => groupValueText(dimension, /** @type {string} */ (group[dimension])));
  return parts.length > 0 ? parts.join(', ') : 'Alla';
}

const MONTH_FORMAT = new Intl.DateTimeFormat('sv-SE', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * "2026-01" → "januari 2026", "2026-Q1" → "kvartal 1 2026", "2026" → "2026".
 * @param {string} period
 */
export function periodText(period) {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return MONTH_FORMAT.format(new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 15)));
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return `kvartal ${quarter[2]} ${quarter[1]}`;
  return period;
}
