// @ts-check
/**
 * The API's validation messages (English, from the zod schemas in machines/ and
 * src/cases) in Swedish. Only words: the rules stay in the API. An unknown
 * message is shown as it is.
 */
/** @type {[RegExp, (match: RegExpExecArray, text: string) => string][]} */
const RULES = [
  [/^Invalid input: expected \w+, received undefined$/, () => 'Måste fyllas i.'],
  [/^is required/, (m, text) => (/KC criterion/.test(text) ? 'Måste fyllas i när ett KC-kriterium inte är uppfyllt: skriv varför anvisningen ändå görs.' : 'Måste fyllas i.')],
  [/^must not be empty$/, () => 'Får inte vara tomt.'],
  [/^must be at most (\d+) characters$/, (m) => `Får vara högst ${m[1]} tecken.`],
  [/^must be a date in the form YYYY-MM-DD$/, () => 'Ange ett giltigt datum.'],
  [/^must be a date and time/, () => 'Ange ett giltigt datum och en tid.'],
  [/^must be an ISO 8601 date and time/, () => 'Ange ett giltigt datum och en tid.'],
  [/^Invalid option/, () => 'Välj ett av alternativen.'],
  [/^Invalid input: expected boolean/, () => 'Välj ja eller nej.'],
  [/^must be 12 digits with the century/, () => 'Skriv personnumret med 12 siffror, ÅÅÅÅMMDD-XXXX. Ett nummer med 10 siffror går inte, eftersom seklet då skulle behöva gissas.'],
  [/^is not a valid personnummer or samordningsnummer/, () => 'Det är inte ett giltigt personnummer eller samordningsnummer. Kontrollera datumet och sista siffran.'],
  [/^Unrecognized key/, () => 'Fältet känns inte igen.'],
  // Control characters and broken Unicode (machines/shared/text.ts).
  [/^must be a single line without control characters/, () => 'Får bara vara en rad: utan radbrytningar, tabbar eller osynliga styrtecken.'],
  [/^must not contain control characters/, () => 'Får inte innehålla osynliga styrtecken (radbrytningar och tabbar går bra). Skriv eller klistra in texten igen.'],
  [/^contains broken Unicode/, () => 'Texten innehåller ett trasigt tecken. Skriv eller klistra in texten igen.'],
  // The bedömningsstöd: its payload rules and the service's refusals (the machine's come in Swedish, src/texts/process-messages.ts).
  [/^choose arbetsmarknad, rehab or both$/, () => 'Välj minst en inriktning.'],
  [/^must be 1–5$/, () => 'Välj ett värde från 1 till 5.'],
  [/already sent its uppdrag/, () => 'Uppdraget för anvisningen är redan skickat. En uppdragsbeskrivning upprättas innan uppdraget skickas.'],
  [/cannot be completed yet/, () => 'Formuläret kan inte slutföras ännu: frågor som krävs saknar svar.'],
  [/lacks your own assessment/, () => 'Uppdragsbeskrivningen saknar din egen bedömning. Skriv den i uppdragsbeskrivningen innan uppdraget skickas.'],
];

/** @param {unknown} message */
export function toSwedish(message) {
  const text = String(message ?? '');
  for (const [pattern, render] of RULES) {
    const match = pattern.exec(text);
    if (match) return render(match, text);
  }
  return text;
}

/**
 * A Swedish sentence for an API error that is not about one field.
 * @param {{ code: string, message: string }} error
 */
export function errorText(error) {
  switch (error.code) {
    case 'NOT_ALLOWED_IN_STATE':
      return 'Steget går inte att ta i ärendets nuvarande läge. Sidan visar nu det du kan göra.';
    case 'PRECONDITION_FAILED':
      return 'Någon annan har ändrat ärendet sedan du öppnade det. Sidan är uppdaterad: kontrollera uppgifterna och försök igen.';
    case 'FORBIDDEN':
      return 'Din roll får inte göra det här.';
    case 'NOT_FOUND':
      return 'Ärendet finns inte, eller så har du inte behörighet till det.';
    case 'CONFLICT':
      return 'Det går inte just nu: uppgifterna krockar med något som redan finns. Läs meddelandet nedan.';
    case 'UNAUTHENTICATED':
      return 'Du behöver logga in igen.';
    case 'TOO_MANY_REQUESTS':
      return 'För många försök. Vänta en minut och försök igen.';
    case 'VALIDATION_FAILED':
      return 'Uppgifterna behöver rättas.';
    case 'NETWORK':
      return error.message;
    default:
      return 'Något gick fel. Försök igen om en stund.';
  }
}
