/**
 * The web interface's Swedish words for the anvisning process: a label and a
 * description per machine state, a button text, a history text, help and field
 * labels per event. Typed against the machine's vocabulary, so a new event or
 * state without Swedish text fails `npm run typecheck` or test/ui/texts.test.ts.
 *
 * Words only: what may happen, and for whom, is the machine's (allowedEvents).
 */
import type { AfActivity, AnvisningEventType, AvvikelseKind, ClosingReason, DisagreementTopic, EndReason, ExternalArea } from '../../machines/anvisning';
import type { HandoverEventType } from '../../machines/shared/handover';
import type { Role } from '../../machines/shared/roles';

export interface StateText {
  /** Short: a box on the process map. */
  label: string;
  /** The current step in plain Swedish, for the case page. */
  description: string;
}

export interface FieldText {
  label: string;
  help?: string;
  /** Swedish words for the values of an enum (every value needs one). */
  options?: Record<string, string>;
  /**
   * A user id chosen from colleagues in this role (GET /api/colleagues?role=…), never typed:
   * the form shows a list of names.
   */
  optionsFrom?: ColleagueRole;
}

/** The roles whose people a form may offer as a choice (GET /api/colleagues). */
export type ColleagueRole = 'socialsekreterare' | 'arbetsmarknadskonsulent';

export interface EventText {
  /** The button: what the user does. */
  action: string;
  /** The history: what happened. */
  done: string;
  help?: string;
  /** `steg` moves the routine forward; `ovrigt` can happen beside it (shown as other actions). */
  group: 'steg' | 'ovrigt';
  fields: Record<string, FieldText>;
  /**
   * Fields of this event's payload under an earlier version of the machine, no longer sent: stored events are
   * never rewritten, so the history still shows them (e.g. version 1's `plannedAfActivity`).
   */
  earlierFields?: Record<string, FieldText>;
}

const note: FieldText = { label: 'Anteckning' };

/** What a disagreement is about (the case banner, the list of samverkansfrågor and the form). */
export const DISAGREEMENT_TOPIC_WORDS = { avslut: 'Avslut av insatsen', insats: 'Insatsen', annat: 'Annat' } as const satisfies Record<DisagreementTopic, string>;
const DISAGREEMENT_ID_FIELD: FieldText = { label: 'Oenighet nummer', help: 'Behövs när flera oenigheter är öppna.' };
const dateTime = (label: string, help?: string): FieldText => ({ label, ...(help ? { help } : {}) });

/** Handing over a referral or an assessment (the same four events in both machines). */
export const HANDOVER_TEXTS = {
  RESPONSIBLE_CHANGED: {
    action: 'Byt ansvarig socialsekreterare',
    done: 'Ny ansvarig socialsekreterare',
    help: 'Till en socialsekreterare på samma enhet. Den nya ansvariga kan arbeta direkt; den tidigare ser inte längre ärendet.',
    group: 'ovrigt',
    fields: { toUserId: { label: 'Ny ansvarig socialsekreterare', help: 'Välj bland socialsekreterarna på din enhet.', optionsFrom: 'socialsekreterare' }, reason: { label: 'Skäl', help: 'Till exempel sjukskrivning eller ändrad arbetsfördelning.' } },
  },
  TRANSFER_REQUESTED: {
    action: 'Lämna över till annan enhet',
    done: 'Överlämning till annan enhet begärd',
    help: 'När klienten flyttat. Den mottagande enhetens 1:e socialsekreterare tar emot och utser ny ansvarig; till dess ligger ärendet kvar här.',
    group: 'ovrigt',
    fields: { toUnit: { label: 'Mottagande enhet', help: 'Enhetens namn, till exempel SF Hisingen.' }, reason: { label: 'Skäl' } },
  },
  TRANSFER_ACCEPTED: {
    action: 'Ta emot överlämningen',
    done: 'Överlämningen mottagen',
    group: 'ovrigt',
    fields: { toUserId: { label: 'Ny ansvarig socialsekreterare', help: 'Välj bland socialsekreterarna på din enhet.', optionsFrom: 'socialsekreterare' } },
  },
  TRANSFER_CANCELLED: {
    action: 'Avbryt överlämningen',
    done: 'Överlämningen avbröts',
    help: 'Den lämnande enheten tar tillbaka begäran, eller den mottagande avböjer. Ärendet ligger kvar hos den lämnande enheten.',
    group: 'ovrigt',
    fields: { reason: { label: 'Skäl' } },
  },
} as const satisfies Record<HandoverEventType, EventText>;

/** Every state path of the machine (statePathOf), compound states included. */
export const STATE_TEXTS: Record<string, StateText> = {
  forberedelse: { label: 'Förberedelse', description: 'Förberedelse före beslut: samråd med Arbetsförmedlingen, KC-kriterier, samtycke och arbetsplan.' },
  'forberedelse.samrad_ssbtek': {
    label: 'Samråd 1: SSBTEK/e-info',
    description: 'Förberedelse: hämta grunduppgifter från SSBTEK/e-info (samråd med Arbetsförmedlingen, steg 1 av 3).',
  },
  'forberedelse.samrad_af_planering': {
    label: 'Samråd 2: AF:s handlingsplan',
    description: 'Förberedelse: stäm av planerade aktiviteter och handlingsplanen hos Arbetsförmedlingen (samråd, steg 2 av 3).',
  },
  'forberedelse.vilande_af_aktivitet': {
    label: 'Vilande: aktivitet hos AF',
    description:
      'Anvisningen vilar: en aktivitet hos Arbetsförmedlingen är planerad eller pågår. Stäm av igen när aktiviteten är slut eller inte blev av, bedöm att aktiviteten inte är en lämplig åtgärd, eller återkalla anvisningen.',
  },
  'forberedelse.samrad_af_underrattelse': {
    label: 'Samråd 3: underrätta AF',
    description: 'Förberedelse: skicka samtyckesblankett och information om kommunal aktivitet till Arbetsförmedlingen (samråd, steg 3 av 3).',
  },
  'forberedelse.samrad_klart': {
    label: 'Samråd klart',
    description: 'Samrådet med Arbetsförmedlingen är klart. Beslut kan fattas när KC-kriterier, samtycke och arbetsplan är på plats.',
  },
  beslut: { label: 'Beslut', description: 'Beslut om arbetsfrämjande insats enligt 12 kap 4 § SoL.' },
  'beslut.fattat': { label: 'Beslut fattat', description: 'Beslutet är fattat och ska kommuniceras till klienten.' },
  'beslut.kommunicerat': { label: 'Beslut kommunicerat', description: 'Beslutet är kommunicerat. Nästa steg är att skicka uppdraget till Kompetenscenter.' },
  inskrivning: { label: 'Inskrivning', description: 'Uppdraget är skickat till Kompetenscenter; inskrivningsmöte.' },
  'inskrivning.ej_bokad': { label: 'Möte ej bokat', description: 'Uppdraget är skickat till KC. Inskrivningsmötet ska bokas.' },
  'inskrivning.bokad': { label: 'Möte bokat', description: 'Inskrivningsmötet är bokat. Registrera hur mötet gick.' },
  'inskrivning.missad': {
    label: 'Möte missat',
    description: 'Klienten kom inte till inskrivningsmötet. Socialsekreteraren följer upp med klienten och beslutar om en ny tid är aktuell eller om inget nytt möte blir av.',
  },
  'inskrivning.ny_tid_begard': {
    label: 'Ny tid begärd',
    description: 'Socialsekreteraren har begärt en ny tid för inskrivningsmötet. Arbetsmarknadskonsulenten bokar den och meddelar socialsekreteraren.',
  },
  'inskrivning.ingen_ny_tid': {
    label: 'Ingen ny inskrivning',
    description:
      'Inget nytt inskrivningsmöte blir av. Socialsekreteraren återkallar uppdraget och arbetsmarknadskonsulenten avbokar i GWA, båda med orsak och i valfri ordning; sedan avbryts anvisningen.',
  },
  pagaende: { label: 'Pågående insats', description: 'Insatsen pågår på Kompetenscenter.' },
  'pagaende.aktiv': { label: 'Insats pågår', description: 'Insatsen pågår: genomförandeplan, uppföljningar var tredje månad och förnyat beslut före årets slut.' },
  'pagaende.beslut_utgatt': { label: 'Beslutet har gått ut', description: 'Beslutet har gått ut utan förnyelse. Förnya beslutet eller avsluta insatsen.' },
  avslut: {
    label: 'Avslut',
    description:
      'Insatsen avslutas. Stegen görs i valfri ordning: trepartsmöte (eller varför det inte kan hållas) när klienten inte blir självförsörjande, avslutsdokument, avslut i Treserva och avslut i GWA. När alla är gjorda är anvisningen avslutad.',
  },
  avslutad: { label: 'Avslutad', description: 'Anvisningen är avslutad.' },
  avbruten: { label: 'Avbruten', description: 'Anvisningen är avbruten.' },
};

export const EVENT_TEXTS = {
  KC_CRITERIA_ASSESSED: {
    action: 'Bedöm KC-kriterierna',
    done: 'KC-kriterierna bedömda',
    help: 'Kriterierna vägleder anvisningen. Om ett kriterium inte är uppfyllt kan anvisningen ändå göras, men då med en skriftlig motivering (individuell bedömning).',
    group: 'steg',
    fields: {
      unemployment: { label: 'Arbetslöshet', options: { hel: 'Helt arbetslös', deltid: 'Arbetslös på deltid', ingen: 'Inte arbetslös' } },
      needsJobOrSkillsActivities: { label: 'Behöver klienten arbetsinriktade och/eller kompetenshöjande aktiviteter?' },
      expectedWorkOrStudiesWithin3Years: { label: 'Förväntas klienten nå arbete eller reguljära studier inom tre år?' },
      comment: { label: 'Kommentar' },
      deviationReason: { label: 'Motivering vid avvikelse', help: 'Krävs om ett kriterium inte är uppfyllt: skriv varför anvisningen ändå görs.' },
    },
  },
  SSBTEK_INFO_RECORDED: {
    action: 'Registrera uppgifter från SSBTEK/e-info',
    done: 'Uppgifter från SSBTEK/e-info registrerade',
    help: 'Samråd steg 1: grunduppgifter från flikarna Arbetsförmedlingen och Försäkringskassan i SSBTEK/e-info.',
    group: 'steg',
    fields: {
      afSummary: { label: 'Sammanfattning från Arbetsförmedlingen' },
      fkSummary: { label: 'Sammanfattning från Försäkringskassan' },
    },
  },
  AF_PLAN_CHECKED: {
    action: 'Stäm av handlingsplanen hos AF',
    done: 'Handlingsplanen hos AF avstämd',
    help: 'Samråd steg 2: fråga klienten om planerade aktiviteter hos Arbetsförmedlingen och kontrollera handlingsplanen. Är en aktivitet hos AF planerad eller pågår den vilar anvisningen, tills en ny avstämning visar att ingen aktivitet finns eller tills du bedömer att aktiviteten inte är en lämplig åtgärd.',
    group: 'steg',
    fields: {
      afActivity: {
        label: 'Aktivitet hos Arbetsförmedlingen',
        options: {
          ingen: 'Ingen planerad eller pågående aktivitet',
          planerad: 'En aktivitet är planerad',
          pagaende: 'En aktivitet pågår',
        } satisfies Record<AfActivity, string>,
      },
      note,
    },
    earlierFields: { plannedAfActivity: { label: 'Pågick eller planerades en aktivitet hos Arbetsförmedlingen?' } },
  },
  AF_ACTIVITY_JUDGED_UNSUITABLE: {
    action: 'Bedöm att AF-aktiviteten inte är lämplig',
    done: 'Aktiviteten hos AF bedömd som inte lämplig åtgärd',
    help: 'Anvisning görs bara när klienten inte har kunnat erbjudas någon lämplig arbetsmarknadspolitisk åtgärd. Skriv varför aktiviteten hos Arbetsförmedlingen inte är en lämplig åtgärd för klienten; sedan fortsätter samrådet med underrättelsen till AF.',
    group: 'steg',
    fields: { reason: { label: 'Varför är aktiviteten inte en lämplig åtgärd?' } },
  },
  AF_NOTIFIED: {
    action: 'Registrera underrättelse till AF',
    done: 'Underrättelse skickad till AF',
    help: 'Samråd steg 3: samtyckesblankett och "information om kommunal aktivitet" skickade till Arbetsförmedlingen per post.',
    group: 'steg',
    fields: { sentOn: { label: 'Skickad den' } },
  },
  AF_RESPONSE_RECORDED: {
    action: 'Registrera svar från AF',
    done: 'Svar från AF registrerat',
    help: 'Arbetsförmedlingen kan svara när som helst; svaret stoppar aldrig processen.',
    group: 'ovrigt',
    fields: { summary: { label: 'Sammanfattning av svaret' } },
  },
  KC_CONSENT_RECORDED: {
    action: 'Registrera samtycke till KC',
    done: 'Samtycke till KC upprättat',
    help: 'Klientens samtycke till Kompetenscenter är upprättat.',
    group: 'steg',
    fields: {},
  },
  KC_CONSENT_DECLINED: {
    action: 'Registrera att klienten inte samtycker till KC',
    done: 'Klienten samtycker inte till KC',
    help: 'Utan samtycke kan klienten inte anvisas till KC enligt rutinen. Anvisningen står kvar: återkalla den, eller registrera samtycket om klienten ändrar sig. Vad det betyder för försörjningsstödet är ett eget beslut.',
    group: 'ovrigt',
    fields: { note },
  },
  ARBETSPLAN_UPDATED: {
    action: 'Registrera uppdaterad arbetsplan',
    done: 'Arbetsplanen uppdaterad',
    help: 'Arbetsplanen är uppdaterad tillsammans med klienten.',
    group: 'steg',
    fields: { note },
  },
  KC_SAMORDNARE_CONSULTED: {
    action: 'Registrera kontakt med samordnare på KC',
    done: 'Samordnare på KC kontaktad',
    help: 'Skyddade personuppgifter (bilaga 1): samordnaren på KC ska kontaktas före beslut. Bokningar görs via samordnaren, aldrig i GWA.',
    group: 'steg',
    fields: { note },
  },
  REFERRAL_WITHDRAWN: {
    action: 'Återkalla anvisningen',
    done: 'Anvisningen återkallad',
    help: 'Anvisningen avbryts innan insatsen har startat.',
    group: 'ovrigt',
    fields: { reason: { label: 'Skäl' } },
  },
  DECISION_MADE: {
    action: 'Fatta beslut',
    done: 'Beslut fattat',
    help: 'Arbetsfrämjande insats enligt 12 kap 4 § SoL. Beslutet gäller ett år från och med startdagen.',
    group: 'steg',
    fields: { decisionDate: { label: 'Beslutsdatum' }, validFrom: { label: 'Gäller från och med' }, retroactiveReason: { label: 'Skäl till retroaktivt beslut', help: 'Bara om beslutet gäller från en dag före beslutsdatumet: skriv varför.' } },
  },
  DECISION_COMMUNICATED: {
    action: 'Registrera att beslutet kommunicerats',
    done: 'Beslutet kommunicerat till klienten',
    group: 'steg',
    fields: { on: { label: 'Kommunicerat den' } },
  },
  UPPDRAG_SENT: {
    action: 'Skicka uppdraget till KC',
    done: 'Uppdraget skickat till KC',
    help: 'Uppdraget skickas till Kompetenscenter, som därefter ser ärendet (men inte SSBTEK-uppgifterna, AF:s svar eller kriteriebedömningen).',
    group: 'steg',
    fields: { needs: { label: 'Behov' }, scope: { label: 'Omfattning' }, goals: { label: 'Mål' } },
  },
  INSKRIVNING_BOOKED: {
    action: 'Boka inskrivningsmöte',
    done: 'Inskrivningsmöte bokat',
    help: 'Ett trepartsmöte på plats. Bokas i GWA, eller via samordnaren på KC när klienten har skyddade personuppgifter.',
    group: 'steg',
    fields: { at: dateTime('Datum och tid'), place: { label: 'Plats' }, interpreter: { label: 'Behövs tolk?' } },
  },
  UPPDRAG_REVIEWED: {
    action: 'Markera uppdraget som genomläst',
    done: 'Uppdraget genomläst av KC',
    help: 'Förberedelse inför inskrivningsmötet (frivilligt).',
    group: 'ovrigt',
    fields: {},
  },
  INSKRIVNING_HELD: {
    action: 'Registrera att inskrivningsmötet hölls',
    done: 'Inskrivningsmöte hållet, insatsen har startat',
    help: 'Båda deltog, klienten har fått information om förväntningar och krav och den första uppföljningen är bokad. Insatsen startar mötesdagen.',
    group: 'steg',
    fields: { firstFollowUpAt: dateTime('Första uppföljningen (datum och tid)') },
  },
  INSKRIVNING_MISSED: {
    action: 'Registrera att klienten uteblev',
    done: 'Klienten uteblev från inskrivningsmötet',
    group: 'steg',
    fields: { note },
  },
  INSKRIVNING_RESCHEDULED: {
    action: 'Flytta inskrivningsmötet',
    done: 'Inskrivningsmötet flyttat till en ny tid',
    help: 'Mötet har inte ägt rum och flyttas till en ny tid. Det räknas inte som ett missat möte.',
    group: 'ovrigt',
    fields: { at: dateTime('Ny tid'), reason: { label: 'Skäl' } },
  },
  INSKRIVNING_NEW_TIME_REQUESTED: {
    action: 'Begär ny tid för inskrivningsmöte',
    done: 'Ny tid för inskrivningsmöte begärd',
    help: 'Du har följt upp med klienten och en ny tid är aktuell. Arbetsmarknadskonsulenten bokar den och meddelar dig.',
    group: 'steg',
    fields: {},
  },
  INSKRIVNING_REBOOKED: {
    action: 'Meddela ny tid för inskrivningsmötet',
    done: 'Ny tid för inskrivningsmötet',
    group: 'steg',
    fields: { at: dateTime('Ny tid'), place: { label: 'Ny plats', help: 'Lämna tomt om platsen är densamma.' } },
  },
  UPPDRAG_WITHDRAWN: {
    action: 'Återkalla uppdraget: inget nytt inskrivningsmöte',
    done: 'Uppdraget återkallat',
    help: 'Inget nytt inskrivningsmöte blir av. Dokumentera orsaken. Anvisningen avbryts när även arbetsmarknadskonsulenten har avbokat i GWA.',
    group: 'steg',
    fields: { reason: { label: 'Orsak' } },
  },
  INSKRIVNING_CANCELLED_IN_GWA: {
    action: 'Avboka i GWA: inget nytt inskrivningsmöte',
    done: 'Inskrivningen avbokad i GWA',
    help: 'Dokumentera orsaken. Anvisningen avbryts när även socialsekreteraren har återkallat uppdraget.',
    group: 'steg',
    fields: { reason: { label: 'Orsak' } },
  },
  GENOMFORANDEPLAN_ESTABLISHED: {
    action: 'Registrera upprättad genomförandeplan',
    done: 'Genomförandeplan upprättad',
    help: 'Görs skyndsamt efter att insatsen startat.',
    group: 'steg',
    fields: { note },
  },
  GENOMFORANDEPLAN_UPDATED: {
    action: 'Registrera uppdaterad genomförandeplan',
    done: 'Genomförandeplan uppdaterad',
    help: 'Minst var sjätte månad, oftare vid behov.',
    group: 'steg',
    fields: { note },
  },
  FOLLOW_UP_BOOKED: {
    action: 'Boka uppföljning',
    done: 'Uppföljning bokad',
    group: 'steg',
    fields: { at: dateTime('Datum och tid') },
  },
  FOLLOW_UP_HELD: {
    action: 'Registrera hållen uppföljning',
    done: 'Uppföljning hållen',
    help: 'Uppföljning var tredje månad och alltid innan beslutet upphör.',
    group: 'steg',
    fields: {
      on: { label: 'Hölls den' },
      clientView: { label: 'Klientens syn' },
      progression: { label: 'Progression' },
      complementaryNeeds: { label: 'Kompletterande behov' },
      kcNeedsOutsideUppdrag: {
        label: 'Behov som KC:s uppdrag inte kan tillgodose',
        help: 'Det arbetsmarknadskonsulenten berättar på mötet om behov som inte ryms i uppdraget. Konsulenten ser det som registreras här.',
      },
      rescheduledReason: { label: 'Skäl till att mötet flyttades', help: 'Bara om mötet hölls före den dag det var bokat till: skriv varför.' },
    },
  },
  SIGNIFICANT_EVENT_REPORTED: {
    action: 'Rapportera händelse av vikt',
    done: 'Händelse av vikt rapporterad',
    group: 'ovrigt',
    fields: { summary: { label: 'Vad har hänt?' }, threePartyMeetingNeeded: { label: 'Behövs ett trepartsmöte?' } },
  },
  THREE_PARTY_MEETING_BOOKED: {
    action: 'Boka trepartsmöte',
    done: 'Trepartsmöte bokat',
    group: 'steg',
    fields: { at: dateTime('Datum och tid') },
  },
  AVVIKELSE_REPORTED: {
    action: 'Rapportera avvikelse',
    done: 'Avvikelse rapporterad',
    help: 'Till exempel frånvaro. Socialsekreteraren ser avvikelsen under Att göra och får ett e-postmeddelande utan personuppgifter.',
    group: 'ovrigt',
    fields: {
      on: { label: 'Datum för avvikelsen' },
      kind: { label: 'Slag av avvikelse', options: { franvaro: 'Frånvaro', annat: 'Annat' } satisfies Record<AvvikelseKind, string> },
      summary: { label: 'Beskrivning' },
    },
  },
  AVVIKELSE_ACKNOWLEDGED: {
    action: 'Jag har tagit del av avvikelsen',
    done: 'Avvikelse tagen del av',
    help: 'Avvikelsen står kvar under Att göra tills du har tagit del av den.',
    group: 'steg',
    fields: {},
  },
  EXTERNAL_CONSENT_RECORDED: {
    action: 'Registrera samtycke till extern kontakt',
    done: 'Samtycke till extern kontakt registrerat',
    help: 'Klientens samtycke behövs innan externa parter kontaktas. Socialsekreteraren samordnar det sociala och hälsorelaterade området, arbetsmarknadskonsulenten det kompetenshöjande och jobbfokuserade.',
    group: 'ovrigt',
    fields: {
      party: { label: 'Extern part', help: 'Till exempel Vårdcentralen.' },
      area: {
        label: 'Område',
        options: { socialt_halsa: 'Socialt eller hälsorelaterat', kompetens_jobb: 'Kompetenshöjande eller jobbfokuserat' } satisfies Record<ExternalArea, string>,
      },
    },
  },
  EXTERNAL_CONTACT_RECORDED: {
    action: 'Registrera extern kontakt',
    done: 'Extern kontakt registrerad',
    help: 'Bara med en part som klienten har samtyckt till, inom ditt eget område.',
    group: 'ovrigt',
    fields: { party: { label: 'Extern part', help: 'Samma namn som i samtycket.' }, summary: { label: 'Sammanfattning' } },
  },
  DECISION_RENEWED: {
    action: 'Förnya beslutet',
    done: 'Beslutet förnyat',
    help: 'Ett förnyat beslut är ett nytt beslut: det kan fattas tidigast en tid före beslutets sista dag (60 dagar om inget annat är inställt; antagande, inte från rutinen), efter nytt samråd med Arbetsförmedlingen (steg 1–3), och kommuniceras sedan med klienten. Insatsen fortsätter med en ny ettårsperiod.',
    group: 'steg',
    fields: { decisionDate: { label: 'Beslutsdatum' }, validFrom: { label: 'Gäller från och med' }, retroactiveReason: { label: 'Skäl till retroaktivt beslut', help: 'Bara om beslutet gäller från en dag före beslutsdatumet: skriv varför.' } },
  },
  DECISION_EXPIRED: {
    action: 'Beslutet har gått ut',
    done: 'Beslutet gick ut utan förnyelse',
    group: 'steg',
    fields: {},
  },
  DISAGREEMENT_RAISED: {
    action: 'Anmäl oenighet',
    done: 'Oenighet anmäld',
    help: 'Frågan lyfts till 1:e socialsekreterare och samordnare på KC, som får ett e-postmeddelande direkt. En oenighet om avslutet håller tillbaka avslutet tills den är löst.',
    group: 'ovrigt',
    fields: {
      topic: { label: 'Vad gäller oenigheten?', options: DISAGREEMENT_TOPIC_WORDS },
      description: { label: 'Beskriv oenigheten' },
      samverkansfraga: { label: 'Är det en samverkansfråga?', help: 'En fråga att arbeta vidare med gemensamt, i operativ samverkansgrupp Arbvux och socialtjänst eller arbetsgrupp analys, uppföljning och utveckling. Cheferna ser den i listan över samverkansfrågor.' },
    },
  },
  DISAGREEMENT_POSITION_RECORDED: {
    action: 'Registrera ståndpunkt i oenigheten',
    done: 'Ståndpunkt i oenigheten registrerad',
    help: '1:e socialsekreteraren och samordnaren på KC registrerar var sin sidas ståndpunkt.',
    group: 'steg',
    fields: { position: { label: 'Ståndpunkt' }, disagreementId: DISAGREEMENT_ID_FIELD },
  },
  DISAGREEMENT_RESOLVED: {
    action: 'Registrera lösning på oenigheten',
    done: 'Oenigheten löst',
    help: 'När båda sidornas ståndpunkter finns. Beslutet är socialtjänstens.',
    group: 'steg',
    fields: {
      outcome: { label: 'Utfall' },
      samverkansfraga: { label: 'Är det en samverkansfråga?', help: 'Sätts den här hamnar oenigheten i listan över samverkansfrågor.' },
      disagreementId: DISAGREEMENT_ID_FIELD,
    },
  },
  CLOSING_ANNOUNCED: {
    action: 'Meddela avslut',
    done: 'Avslut meddelat',
    help: 'Blir klienten inte självförsörjande krävs ett trepartsmöte före avslutet.',
    group: 'steg',
    fields: {
      reason: {
        label: 'Skäl',
        options: {
          arbete: 'Arbete',
          studier: 'Studier',
          annan_forsorjning: 'Annan försörjning',
          beslut_ej_fornyat: 'Beslutet förnyas inte',
          flytt: 'Flytt',
          ohalsa: 'Ohälsa',
          annat: 'Annat',
        } satisfies Record<ClosingReason, string>,
      },
      selfSufficient: { label: 'Blir klienten självförsörjande?' },
    },
  },
  CLOSING_WITHDRAWN: {
    action: 'Ta tillbaka avslutet',
    done: 'Avslutet tillbakataget',
    group: 'ovrigt',
    fields: { reason: { label: 'Skäl' } },
  },
  THREE_PARTY_MEETING_HELD: {
    action: 'Registrera hållet trepartsmöte',
    done: 'Trepartsmöte hållet',
    group: 'steg',
    fields: { on: { label: 'Hölls den' }, rescheduledReason: { label: 'Skäl till att mötet flyttades', help: 'Bara om mötet hölls före den dag det var bokat till: skriv varför.' } },
  },
  THREE_PARTY_MEETING_NOT_HELD: {
    action: 'Registrera att trepartsmötet inte kan hållas',
    done: 'Trepartsmötet kunde inte hållas',
    help: 'Till exempel när klienten har flyttat, inte går att nå eller är för sjuk. Skriv varför (individuell bedömning).',
    group: 'steg',
    fields: { reason: { label: 'Varför mötet inte kan hållas' } },
  },
  CLOSING_DOCUMENT_CREATED: {
    action: 'Upprätta avslutsdokument',
    done: 'Avslutsdokument upprättat',
    help: 'Görs skyndsamt: när och varför insatsen avslutas, och i vilken utsträckning målen nåddes.',
    group: 'steg',
    fields: {
      endedOn: { label: 'Insatsen avslutas den' },
      reasons: { label: 'Varför insatsen avslutas' },
      goalAttainment: { label: 'Måluppfyllelse', help: 'I vilken utsträckning målen nåddes.' },
    },
  },
  INSATS_CLOSED: {
    action: 'Registrera att insatsen avslutats i Treserva',
    done: 'Insatsen avslutad i Treserva',
    group: 'steg',
    fields: {},
  },
  GWA_CLOSED: {
    action: 'Registrera att ärendet avslutats i GWA',
    done: 'Ärendet avslutat i GWA',
    group: 'steg',
    fields: {},
  },
  PROTECTED_IDENTITY_MARKED: {
    action: 'Markera skyddade personuppgifter',
    done: 'Klienten har skyddade personuppgifter',
    help: 'Från och med nu följer anvisningen bilaga 1: samordnaren på KC kontaktas före ett beslut som inte är fattat, tider bokas direkt med samordnaren, och namn och personnummer visas bara för ansvarig socialsekreterare och samordnaren.',
    group: 'ovrigt',
    fields: { note },
  },
  KC_CONSULTANT_ASSIGNED: {
    action: 'Tilldela arbetsmarknadskonsulent',
    done: 'Arbetsmarknadskonsulent tilldelad',
    help: 'Bara den tilldelade konsulenten och samordnaren ser anvisningen. En konsulent tar själv en anvisning ur KC:s kö på Att göra.',
    group: 'ovrigt',
    fields: { consultantId: { label: 'Arbetsmarknadskonsulent', help: 'Välj bland arbetsmarknadskonsulenterna på KC.', optionsFrom: 'arbetsmarknadskonsulent' } },
  },
  ...HANDOVER_TEXTS,
} as const satisfies Record<AnvisningEventType, EventText>;

/** History entries that are not events of the machine's vocabulary. */
export const OTHER_HISTORY_TEXTS: Record<string, { done: string; fields: Record<string, FieldText> }> = {
  CASE_CREATED: {
    done: 'Ärendet skapades',
    fields: {
      protectedIdentity: { label: 'Skyddade personuppgifter' },
      renewalWindowDays: { label: 'Förnyat beslut möjligt, dagar före beslutets sista dag', help: 'Inställning (antagande, inte från rutinen).' },
    },
  },
  // Version 2's end of an inskrivning by the socialsekreterare alone; since version 3 both sides record it (UPPDRAG_WITHDRAWN, INSKRIVNING_CANCELLED_IN_GWA).
  INSKRIVNING_CANCELLED: { done: 'Inskrivningen avbruten', fields: { reason: { label: 'Skäl' } } },
  MACHINE_UPGRADED: { done: 'Ärendet flyttades till en ny version av rutinen', fields: { from: { label: 'Från version' }, to: { label: 'Till version' }, notes: { label: 'Att notera' } } },
};

export const ROLE_TEXTS: Record<Role, string> = {
  socialsekreterare: 'Socialsekreterare',
  arbetsmarknadskonsulent: 'Arbetsmarknadskonsulent',
  forste_socialsekreterare: '1:e socialsekreterare',
  kc_samordnare: 'Samordnare på KC',
  system: 'Stegvis (automatiskt)',
};

export const STATUS_TEXTS: Record<'active' | 'avslutad' | 'avbruten', string> = {
  active: 'Pågår',
  avslutad: 'Avslutad',
  avbruten: 'Avbruten',
};

export const END_REASON_TEXTS: Record<EndReason, string> = {
  // Version 1 only (since version 2 an AF activity makes the referral wait); its referrals keep the reason.
  af_insats: 'En aktivitet hos Arbetsförmedlingen pågick eller var planerad',
  ingen_inskrivning: 'Ingen inskrivning blev av',
  aterkallad: 'Anvisningen återkallades',
};

export const DEADLINE_STATUS_TEXTS: Record<'open' | 'overdue' | 'done' | 'cancelled', string> = {
  open: 'Öppen',
  overdue: 'Försenad',
  done: 'Klar',
  cancelled: 'Inte längre aktuell',
};

/** The client record's history (src/clients/client-history.ts): registered, name corrected, protection marked. */
export const CLIENT_EVENT_TEXTS: Record<'CLIENT_REGISTERED' | 'CLIENT_NAME_CORRECTED' | 'CLIENT_PROTECTION_MARKED', string> = {
  CLIENT_REGISTERED: 'Klienten registrerades',
  CLIENT_NAME_CORRECTED: 'Namnet rättades',
  CLIENT_PROTECTION_MARKED: 'Skyddade personuppgifter markerades',
};
