/**
 * The one Swedish catalogue of the API's errors: every `reason` an error or a field issue
 * can carry, and the sentence a person reads for it (the API's `message`, shown as it is by
 * the web interface). The reasons are the stable contract; the words may change.
 *
 * Typed per reason, so a reason without a text (or a text reading a parameter the reason does
 * not have) fails the typecheck; test/texts/error-messages.test.ts renders every one.
 * Parameters never hold personal data: no names, no personnummer, nothing a person typed.
 */

/** The reasons of a whole error (`error.reason`), with the parameters their text needs. */
export interface ErrorReasonParams {
  // 400
  validation_failed: undefined;
  if_match_malformed: undefined;
  idempotency_key_malformed: undefined;
  body_not_json: undefined;
  body_too_deep: { max: number };
  body_key_control_characters: undefined;
  body_key_proto: undefined;
  request_aborted: undefined;
  body_length_mismatch: undefined;
  request_not_processed: { status: number };
  // 401
  not_logged_in: undefined;
  bearer_token_missing: undefined;
  bearer_token_malformed: undefined;
  token_user_gone: undefined;
  token_expired: undefined;
  token_exp_missing: undefined;
  token_claim_missing: { claim: string };
  token_claim_rejected: { claim: string };
  token_signature_invalid: undefined;
  token_key_unknown: undefined;
  token_malformed: undefined;
  dev_login_unknown_user: undefined;
  // 403
  role_may_not_send: { role: string };
  role_may_not_create_referral: undefined;
  role_may_not_start_assessment: { role: string };
  role_may_not_register_client: undefined;
  kc_queue_only_kc: undefined;
  samverkansfragor_only_managers: undefined;
  colleagues_not_allowed: undefined;
  colleagues_own_unit_only: { unit: string };
  access_log_not_allowed: undefined;
  access_log_own_unit_only: { unit: string };
  statistics_not_allowed: undefined;
  statistics_track_not_for_kc: undefined;
  dev_clock_not_allowed: undefined;
  client_held_elsewhere: { unit: string };
  client_rights_social_services_only: undefined;
  client_rights_responsible_only: { unit: string };
  client_rights_protected: undefined;
  token_role_system: { claim: string };
  token_role_invalid: { claim: string };
  token_unit_missing: { claim: string };
  token_claim_reserved: { claim: string };
  token_claim_control_characters: { claim: string };
  // 404
  route_not_found: undefined;
  case_not_found: undefined;
  client_not_found: undefined;
  referral_not_found: undefined;
  assessment_not_found: undefined;
  questionnaire_not_found: undefined;
  document_not_found: { kind: string };
  audit_case_not_found: undefined;
  audit_client_not_found: undefined;
  // 409
  not_allowed_in_state: { explanation: string };
  questionnaire_incomplete: { count: number };
  referral_uppdrag_already_sent: { reference: string };
  referral_ended: { reference: string };
  uppdragsbeskrivning_lacks_own_assessment: undefined;
  client_has_active_referral: { reference?: string };
  concurrent_change: { aggregate: 'case' | 'assessment' };
  client_registered_concurrently: undefined;
  username_taken: undefined;
  client_name_unchanged: undefined;
  machine_version_newer: { aggregate: 'case' | 'assessment'; stored: number; current: number };
  // 412
  stale_version: { aggregate: 'case' | 'assessment'; yours: number; current: number };
  client_history_stale: { yours: number; current: number };
  // 413, 415
  body_too_large: { limit?: number };
  body_encoding_unsupported: undefined;
  body_charset_unsupported: undefined;
  json_required: undefined;
  // 422
  idempotency_key_reused: undefined;
  // 429
  too_many_requests: { perMinute: number };
  too_many_lookups: { perMinute: number };
  too_many_statistics_reads: { perMinute: number };
  too_many_registerutdrag: { perMinute: number };
  too_many_logins: undefined;
  // 500, 503
  internal: { requestId: string };
  not_ready: undefined;
  identity_provider_unavailable: undefined;
}

/** The reasons of one invalid field (`details[i].reason` of a 400, `details.missing` of a 409). */
export interface FieldReasonParams {
  required: undefined;
  empty: undefined;
  too_long: { max: number };
  too_short: { min: number };
  too_large: { max: number };
  too_small: { min: number };
  too_many: { max: number };
  too_few: { min: number };
  invalid_option: undefined;
  choose_yes_no: undefined;
  must_be_number: undefined;
  whole_number: undefined;
  wrong_type: undefined;
  unknown_field: undefined;
  invalid_value: undefined;
  invalid_id: undefined;
  date_format: undefined;
  datetime_format: undefined;
  personnummer_needs_century: undefined;
  personnummer_invalid: undefined;
  single_line: undefined;
  control_characters: undefined;
  broken_unicode: undefined;
  deviation_reason_required: undefined;
  // Plausible dates (issue 18, docs/process.md "Plausible dates"): days as ISO dates (YYYY-MM-DD, the Swedish standard form).
  valid_from_before_decision: undefined;
  date_in_future: { latest: string };
  meeting_in_past: { earliest: string };
  communicated_before_decision: { decisionDate: string };
  held_before_booked_day: { bookedOn: string };
  score_1_5: undefined;
  choose_track: undefined;
  track_once: undefined;
  question_id: undefined;
  unknown_question: undefined;
  answer_with_text: undefined;
  answer_with_value: undefined;
  question_unanswered: undefined;
  unknown_event_type: undefined;
  audit_filter_required: undefined;
  consultant_unknown: undefined;
  already_responsible: undefined;
  not_socialsekreterare_of_unit: { unit: string };
  unit_without_forste: undefined;
  statistics_group_unknown: undefined;
  statistics_group_twice: undefined;
  statistics_period_unknown: undefined;
  statistics_range_order: undefined;
  statistics_range_too_long: undefined;
  statistics_from_not_period_start: undefined;
  statistics_to_not_period_end: undefined;
  statistics_year_out_of_range: undefined;
}

export type ErrorReason = keyof ErrorReasonParams;
export type FieldReason = keyof FieldReasonParams;

type Catalogue<P> = { [R in keyof P]: (params: P[R]) => string };

const AGGREGATE = { case: 'ärendet', assessment: 'bedömningsstödet' } as const;

const ROLE: Record<string, string> = {
  socialsekreterare: 'socialsekreterare',
  forste_socialsekreterare: '1:e socialsekreterare',
  arbetsmarknadskonsulent: 'arbetsmarknadskonsulent',
  kc_samordnare: 'samordnare på KC',
  system: 'systemet',
};
const roleName = (role: string) => ROLE[role] ?? role;

const TOKEN = 'Inloggningen gick inte att kontrollera';

export const ERROR_MESSAGES: Catalogue<ErrorReasonParams> = {
  validation_failed: () => 'Uppgifterna behöver rättas.',
  if_match_malformed: () => 'Ärendets version saknas eller är felaktig i anropet. Ladda om sidan och försök igen.',
  idempotency_key_malformed: () => 'Anropets idempotensnyckel är felaktig: 1–200 tecken, bokstäver, siffror och . : _ -.',
  body_not_json: () => 'Anropet gick inte att läsa (ogiltig JSON).',
  body_too_deep: ({ max }) => `Anropet är för djupt nästlat (högst ${max} nivåer).`,
  body_key_control_characters: () => 'Ett fältnamn i anropet innehåller osynliga styrtecken eller ett trasigt tecken.',
  body_key_proto: () => 'Anropet innehåller fältet "__proto__", som inget anrop har.',
  request_aborted: () => 'Anropet avbröts innan det kom fram. Försök igen.',
  body_length_mismatch: () => 'Anropet kom inte fram helt. Försök igen.',
  request_not_processed: ({ status }) => `Anropet gick inte att behandla (HTTP ${status}).`,

  not_logged_in: () => 'Du behöver logga in.',
  bearer_token_missing: () => 'Du behöver logga in.',
  bearer_token_malformed: () => 'Inloggningen är felaktig. Logga in igen.',
  token_user_gone: () => 'Användaren finns inte längre i Stegvis. Logga in igen.',
  token_expired: () => 'Inloggningen har gått ut. Logga in igen.',
  token_exp_missing: () => `${TOKEN}: den saknar giltighetstid. Identitetstjänsten behöver sätta en.`,
  token_claim_missing: ({ claim }) => `${TOKEN}: uppgiften "${claim}" saknas.`,
  token_claim_rejected: ({ claim }) => `${TOKEN}: uppgiften "${claim}" godtas inte. Logga in igen.`,
  token_signature_invalid: () => `${TOKEN}: signaturen är ogiltig. Logga in igen.`,
  token_key_unknown: () => `${TOKEN}: den är signerad med en okänd nyckel. Logga in igen.`,
  token_malformed: () => `${TOKEN}: den är felaktig. Logga in igen.`,
  dev_login_unknown_user: () => 'Användaren finns inte. Välj en av användarna i listan.',

  role_may_not_send: ({ role }) => `Din roll (${roleName(role)}) får inte ta det här steget.`,
  role_may_not_create_referral: () => 'Bara en socialsekreterare kan skapa en anvisning; den som skapar den blir ansvarig för den.',
  role_may_not_start_assessment: ({ role }) => `Din roll (${roleName(role)}) får inte starta ett bedömningsstöd.`,
  role_may_not_register_client: () => 'Bara en socialsekreterare söker, registrerar och tar upp klienter.',
  kc_queue_only_kc: () => 'Kön av anvisningar utan konsulent är till för arbetsmarknadskonsulenter och samordnaren på KC.',
  samverkansfragor_only_managers: () => 'Listan över samverkansfrågor är till för 1:e socialsekreterare och samordnaren på KC.',
  colleagues_not_allowed: () =>
    '1:e socialsekreteraren kan lista socialsekreterarna på sin enhet, och samordnaren på KC arbetsmarknadskonsulenterna; ingen annan kan lista kolleger.',
  colleagues_own_unit_only: ({ unit }) => `Du kan bara lista kolleger på din egen enhet (${unit}).`,
  access_log_not_allowed: () => 'Bara en 1:e socialsekreterare kan läsa loggen över åtkomster (loggkontroll).',
  access_log_own_unit_only: ({ unit }) =>
    `Du kan bara läsa vad användare på din egen enhet (${unit}) har tagit del av; användarens egen 1:e socialsekreterare kan läsa deras.`,
  statistics_not_allowed: () => 'Bara en 1:e socialsekreterare (för sin enhet) och KC:s samordnare kan läsa uppföljningens statistik.',
  statistics_track_not_for_kc: () =>
    'KC ser inte bedömningsstödet, så KC:s statistik kan inte grupperas efter inriktning (track). Gruppera efter kon, aldersgrupp eller båda.',
  dev_clock_not_allowed: () => 'Bara en 1:e socialsekreterare får flytta utvecklingsklockan (den flyttar tiden för alla användare av servern).',
  client_held_elsewhere: ({ unit }) =>
    `Klienten handläggs redan av en socialsekreterare på ${unit}. Kontakta 1:e socialsekreteraren på ${unit}: hen kan lämna över klienten till dig.`,
  client_rights_social_services_only: () =>
    'Klientregistrets historik, registerutdrag och rättelse av klientens uppgifter är socialtjänstens: vänd dig till klientens ansvariga socialsekreterare eller 1:e socialsekreteraren på hens enhet.',
  client_rights_responsible_only: ({ unit }) =>
    `Registerutdrag och rättelse av klientens uppgifter görs av den socialsekreterare som ansvarar för klienten, eller av 1:e socialsekreteraren på ${unit}. Kontakta dem.`,
  client_rights_protected: () =>
    'Klienten har skyddade personuppgifter: registerutdrag och rättelse görs bara av klientens ansvariga socialsekreterare, som ser namnet. Kontakta hen.',
  token_role_system: ({ claim }) => `${TOKEN}: rollen i "${claim}" är förbehållen Stegvis själv och kan inte logga in.`,
  token_role_invalid: ({ claim }) => `${TOKEN}: uppgiften "${claim}" anger ingen roll som Stegvis känner till.`,
  token_unit_missing: ({ claim }) => `${TOKEN}: uppgiften "${claim}" med användarens enhet saknas.`,
  token_claim_reserved: ({ claim }) => `${TOKEN}: uppgiften "${claim}" är förbehållen i Stegvis. Identitetstjänsten behöver skicka en annan.`,
  token_claim_control_characters: ({ claim }) =>
    `${TOKEN}: uppgiften "${claim}" innehåller osynliga styrtecken eller ett trasigt tecken. Identitetstjänsten behöver skicka vanlig text.`,

  route_not_found: () => 'Adressen finns inte i Stegvis.',
  case_not_found: () => 'Ärendet finns inte, eller så har du inte behörighet till det.',
  client_not_found: () => 'Klienten finns inte, eller så har du inte behörighet till den.',
  referral_not_found: () => 'Klienten har ingen sådan anvisning, eller så har du inte behörighet till den.',
  assessment_not_found: () => 'Klienten har inget bedömningsstöd som du kan se.',
  questionnaire_not_found: () => 'Formuläret finns inte för den här klienten.',
  document_not_found: ({ kind }) => `Klienten har ingen sådan ${kind}, eller så har du inte behörighet till den.`,
  audit_case_not_found: () => 'Ärendet finns inte på din enhet.',
  audit_client_not_found: () => 'Ingen klient på din enhet (med bedömningsstöd eller anvisning) har det id:t.',

  // The explanation's sentences may end with their own full stop.
  not_allowed_in_state: ({ explanation }) => `Steget går inte att ta nu: ${explanation.replace(/\.$/, '')}.`,
  questionnaire_incomplete: ({ count }) =>
    `Formuläret kan inte slutföras ännu: ${count === 1 ? 'en fråga som krävs saknar' : `${count} frågor som krävs saknar`} svar.`,
  referral_uppdrag_already_sent: ({ reference }) =>
    `Uppdraget för anvisningen ${reference} är redan skickat. En uppdragsbeskrivning upprättas innan uppdraget skickas.`,
  referral_ended: ({ reference }) => `Anvisningen ${reference} är avslutad. En uppdragsbeskrivning upprättas innan uppdraget skickas.`,
  uppdragsbeskrivning_lacks_own_assessment: () =>
    'Uppdragsbeskrivningen saknar din egen bedömning. Skriv den i uppdragsbeskrivningen innan uppdraget skickas.',
  client_has_active_referral: ({ reference }) =>
    `Klienten har redan en aktiv anvisning${reference ? ` (${reference})` : ''}. En klient kan bara ha en aktiv anvisning åt gången.`,
  concurrent_change: ({ aggregate }) => `Någon annan sparade en ändring av ${AGGREGATE[aggregate]} i samma ögonblick. Ladda om sidan och försök igen.`,
  client_registered_concurrently: () => 'Klienten registrerades i samma ögonblick av någon annan. Försök igen.',
  client_name_unchanged: () => 'Klienten har redan det namnet. Inget ändrades; skriv det rätta namnet om det är ett annat.',
  machine_version_newer: ({ aggregate, stored, current }) =>
    `${AGGREGATE[aggregate].charAt(0).toUpperCase()}${AGGREGATE[aggregate].slice(1)} följer version ${stored} av rutinen, men den här servern kör en äldre Stegvis (version ${current}). Inget ändrades. Be driften uppdatera Stegvis på alla servrar.`,
  username_taken: () => 'Användarnamnet tillhör redan en annan användare i Stegvis. Identitetstjänsten behöver skicka ett unikt användarnamn för varje person.',

  stale_version: ({ aggregate, yours, current }) =>
    `Någon annan har ändrat ${AGGREGATE[aggregate]} sedan du öppnade det (du har version ${yours}, nu är det version ${current}). Ladda om sidan, kontrollera uppgifterna och försök igen.`,

  client_history_stale: ({ yours, current }) =>
    `Någon annan har ändrat klientens uppgifter sedan du öppnade sidan (du har version ${yours}, nu är det version ${current}). Ladda om sidan, kontrollera namnet och försök igen.`,

  body_too_large: ({ limit }) => `Anropet är för stort${limit === undefined ? '' : ` (högst ${limit} byte)`}.`,
  body_encoding_unsupported: () => 'Anropets komprimering (Content-Encoding) stöds inte.',
  body_charset_unsupported: () => 'Anropets teckenkodning stöds inte; skicka UTF-8.',
  json_required: () => 'Skicka anropets innehåll som application/json.',

  idempotency_key_reused: () => 'Idempotensnyckeln har redan använts för ett annat anrop. Använd en ny nyckel för ett nytt anrop.',

  too_many_requests: ({ perMinute }) => `För många anrop: högst ${perMinute} i minuten per användare. Vänta en minut och försök igen.`,
  too_many_lookups: ({ perMinute }) =>
    `För många sökningar på personnummer: högst ${perMinute} i minuten per användare (registrera en klient eller skapa en anvisning). Vänta en minut och försök igen.`,
  too_many_registerutdrag: ({ perMinute }) => `För många registerutdrag: högst ${perMinute} i minuten per användare. Vänta en minut och försök igen.`,
  too_many_statistics_reads: ({ perMinute }) => `För många uttag av statistik: högst ${perMinute} i minuten per användare. Vänta en minut och försök igen.`,
  too_many_logins: () => 'För många inloggningsförsök. Vänta en minut och försök igen.',

  internal: ({ requestId }) => `Något gick fel. Felet är loggat med id ${requestId}. Försök igen om en stund.`,
  not_ready: () => 'Tjänsten är inte redo (databasen går inte att nå). Försök igen om en stund.',
  identity_provider_unavailable: () => 'Inloggningar går inte att kontrollera just nu: identitetstjänsten svarar inte. Försök igen om en stund.',
};

export const FIELD_MESSAGES: Catalogue<FieldReasonParams> = {
  required: () => 'Måste fyllas i.',
  // The same words as `required`: to the person, a field left blank and a field missing are one thing (issue 18).
  empty: () => 'Måste fyllas i.',
  too_long: ({ max }) => `Får vara högst ${max} tecken.`,
  too_short: ({ min }) => `Måste vara minst ${min} tecken.`,
  too_large: ({ max }) => `Får vara högst ${max}.`,
  too_small: ({ min }) => `Måste vara minst ${min}.`,
  too_many: ({ max }) => `Välj högst ${max}.`,
  too_few: ({ min }) => `Välj minst ${min}.`,
  invalid_option: () => 'Välj ett av alternativen.',
  choose_yes_no: () => 'Välj ja eller nej.',
  must_be_number: () => 'Skriv ett tal.',
  whole_number: () => 'Skriv ett heltal.',
  wrong_type: () => 'Värdet har fel form.',
  unknown_field: () => 'Fältet känns inte igen.',
  invalid_value: () => 'Värdet är inte giltigt.',
  invalid_id: () => 'Id:t är inte giltigt. Ladda om sidan och försök igen.',
  date_format: () => 'Ange ett giltigt datum.',
  datetime_format: () => 'Ange ett giltigt datum och en tid.',
  personnummer_needs_century: () =>
    'Skriv personnumret med 12 siffror, ÅÅÅÅMMDD-XXXX. Ett nummer med 10 siffror går inte, eftersom seklet då skulle behöva gissas.',
  personnummer_invalid: () => 'Det är inte ett giltigt personnummer eller samordningsnummer. Kontrollera datumet och sista siffran.',
  single_line: () => 'Får bara vara en rad: utan radbrytningar, tabbar eller osynliga styrtecken.',
  control_characters: () => 'Får inte innehålla osynliga styrtecken (radbrytningar och tabbar går bra). Skriv eller klistra in texten igen.',
  broken_unicode: () => 'Texten innehåller ett trasigt tecken. Skriv eller klistra in texten igen.',
  valid_from_before_decision: () => 'Kan inte vara före beslutsdatumet. Gäller beslutet retroaktivt: skriv varför i fältet "Skäl till retroaktivt beslut".',
  date_in_future: ({ latest }) => `Datumet ligger i framtiden. Det som redan har gjorts kan dateras senast ${latest}.`,
  meeting_in_past: ({ earliest }) => `Tiden har redan passerat. Ett möte bokas från och med i dag, ${earliest}.`,
  communicated_before_decision: ({ decisionDate }) => `Beslutet fattades ${decisionDate} och kan inte ha kommunicerats före den dagen.`,
  held_before_booked_day: ({ bookedOn }) =>
    `Mötet var bokat till ${bookedOn} och kan inte ha hållits före den dagen. Flyttades det till en tidigare dag: skriv varför i fältet "Skäl till att mötet flyttades".`,
  deviation_reason_required: () => 'Måste fyllas i när ett KC-kriterium inte är uppfyllt: skriv varför anvisningen ändå görs.',
  score_1_5: () => 'Välj ett värde från 1 till 5.',
  choose_track: () => 'Välj minst en inriktning.',
  track_once: () => 'Välj varje inriktning bara en gång.',
  question_id: () => 'Frågan känns inte igen.',
  unknown_question: () => 'Frågan finns inte i formulärets version. Ladda om sidan.',
  answer_with_text: () => 'Frågan är en diskussionsfråga: svara med text.',
  answer_with_value: () => 'Frågan är en skattningsfråga: svara med ett värde från 1 till 5 och en kommentar.',
  question_unanswered: () => 'Behöver ett svar innan formuläret kan slutföras.',
  unknown_event_type: () => 'Steget finns inte i processen.',
  audit_filter_required: () => 'Ange ett ärende, en klient eller en användare.',
  consultant_unknown: () => 'Välj en arbetsmarknadskonsulent som finns i Stegvis.',
  already_responsible: () => 'Personen är redan ansvarig.',
  not_socialsekreterare_of_unit: ({ unit }) => `Välj en socialsekreterare på ${unit}. Till en annan enhet: begär en överflyttning i stället.`,
  statistics_group_unknown: () => 'Gruppera efter kon, aldersgrupp, track (inriktningen i bedömningsstödet) eller flera av dem, åtskilda med komma (groupBy=kon,aldersgrupp,track).',
  statistics_group_twice: () => 'Ange varje gruppering bara en gång.',
  statistics_period_unknown: () => 'Välj period: month, quarter eller year.',
  statistics_range_order: () => 'Till-datumet får inte komma före från-datumet.',
  statistics_range_too_long: () => 'Välj ett intervall på högst fem år.',
  statistics_from_not_period_start: () => 'Från-datumet ska vara den första dagen i en period (en månad, ett kvartal eller ett år, som du valt).',
  statistics_to_not_period_end: () => 'Till-datumet ska vara den sista dagen i en period (en månad, ett kvartal eller ett år, som du valt).',
  statistics_year_out_of_range: () => 'Välj ett datum mellan år 2000 och 2199.',
  unit_without_forste: () => 'Enheten har ingen 1:e socialsekreterare i Stegvis, så ingen där kan ta emot. Kontrollera enhetens namn.',
};

export const ERROR_REASONS = Object.keys(ERROR_MESSAGES) as ErrorReason[];
export const FIELD_REASONS = Object.keys(FIELD_MESSAGES) as FieldReason[];

export function isFieldReason(value: unknown): value is FieldReason {
  return typeof value === 'string' && Object.hasOwn(FIELD_MESSAGES, value);
}

/** The Swedish text of an error reason. */
export function errorMessage<R extends ErrorReason>(reason: R, params: ErrorReasonParams[R]): string {
  return (ERROR_MESSAGES[reason] as (p: ErrorReasonParams[R]) => string)(params);
}

/** The Swedish text of a field reason. */
export function fieldMessage<R extends FieldReason>(reason: R, params: FieldReasonParams[R]): string {
  return (FIELD_MESSAGES[reason] as (p: FieldReasonParams[R]) => string)(params);
}
