/**
 * The web interface's Swedish words for the bedömningsstöd (machines/bedomning):
 * a label and a description per state, a button text, a history text, help and
 * field labels per request event, and words for the kinds, statuses, tracks and
 * document fields. Typed against the machine's vocabulary (`satisfies`), and
 * test/ui/texts.test.ts fails when a state, a payload field or an enum value has
 * no Swedish text, or a text is left for something removed.
 *
 * Words only: what may happen now, and for whom, is the machine's (allowedEvents).
 */
import type {
  ArbetsplanContent,
  BedomningRequestType,
  DocumentKind,
  HouseholdRole,
  QuestionnaireKind,
  QuestionnaireRef,
  Track,
  UppdragsbeskrivningContent,
} from '../../machines/bedomning';
import { HANDOVER_TEXTS, type FieldText, type StateText } from './texts';

export interface BedomningEventText {
  /** The button: what the user does. */
  action: string;
  /** What happened (confirmation and history). */
  done: string;
  help?: string;
  fields: Record<string, FieldText>;
}

/** Every state of the bedömning machine. */
export const BEDOMNING_STATE_TEXTS: Record<string, StateText> = {
  redo_for_inledande: {
    label: 'Redo för inledande del',
    description: 'Nästa steg är att starta den inledande delen (Bedömningsstöd 1) tillsammans med klienten.',
  },
  inledande: {
    label: 'Inledande del pågår',
    description: 'Den inledande delen fylls i tillsammans med klienten. När den är slutförd ges en indikation på inriktning.',
  },
  val_av_inriktning: {
    label: 'Val av inriktning',
    description: 'Den inledande delen är slutförd. Välj inriktning: arbetsmarknad, rehab eller båda. Indikationen är ett stöd, inte ett beslut.',
  },
  inriktning: {
    label: 'Inriktning pågår',
    description: 'Formulären för den valda inriktningen fylls i. Därefter kan en uppdragsbeskrivning upprättas, eller en uppföljning startas om det inte blir någon insats.',
  },
  i_insats: {
    label: 'Insats pågår',
    description: 'Uppdraget är skickat till Kompetenscenter och insatsen pågår. Uppföljningen kommer efter insatsen. En ny inledande del kan startas under insatsen, till exempel vid en omprövning inför ett förnyat beslut; insatsen fortsätter.',
  },
  uppfoljning: {
    label: 'Uppföljning',
    description: 'Uppföljningen (Bedömningsstöd 4) fylls i. Därefter börjar en ny inledande del.',
  },
};

const reason: FieldText = { label: 'Skäl' };
const questionnaireId: FieldText = { label: 'Frågeformulär' };
const documentId: FieldText = { label: 'Dokument' };

export const BEDOMNING_EVENT_TEXTS = {
  INLEDANDE_STARTED: {
    action: 'Starta inledande del',
    done: 'Inledande del startad',
    help: 'Bedömningsstöd 1: en dialog med klienten om mål, möjligheter, hinder och behov av stöd. Varje ny inledande del registreras som en ny händelse i Treserva.',
    fields: {
      householdRole: { label: 'Klientens roll i hushållet', options: { sokande: 'Sökande', medsokande: 'Medsökande' } satisfies Record<HouseholdRole, string> },
      reason: { label: 'Skäl', help: 'Krävs om en ny inledande del startas innan cykeln är avslutad eller medan en insats pågår, till exempel vid en omprövning.' },
    },
  },
  QUESTIONNAIRE_SAVED: {
    action: 'Spara utkast',
    done: 'Utkastet är sparat',
    fields: { questionnaireId, answers: { label: 'Svar' } },
  },
  INLEDANDE_COMPLETED: {
    action: 'Slutför inledande del',
    done: 'Inledande del slutförd',
    help: 'Nyckelfrågorna ger en indikation på inriktning. Ingen skalfråga måste besvaras: indikationen säger vilka nyckelfrågor den saknar.',
    fields: { questionnaireId },
  },
  INRIKTNING_CHOSEN: {
    action: 'Välj inriktning',
    done: 'Inriktning vald',
    help: 'Indikationen är förvald. Du bestämmer: väljer du annorlunda än indikationen skriver du varför.',
    fields: {
      tracks: { label: 'Inriktning', options: { arbetsmarknad: 'Arbetsmarknadsinriktning', rehab: 'Rehabinriktning' } satisfies Record<Track, string> },
      reasonAgainstIndication: { label: 'Varför du väljer annorlunda än indikationen', help: 'Krävs när valet skiljer sig från indikationen. Motiveringen sparas.' },
    },
  },
  TRACK_COMPLETED: {
    action: 'Slutför inriktningens formulär',
    done: 'Inriktningens formulär slutfört',
    fields: { questionnaireId },
  },
  UPPFOLJNING_STARTED: {
    action: 'Starta uppföljning',
    done: 'Uppföljning startad',
    help: 'Bedömningsstöd 4: även efter en inriktning som inte ledde till någon insats.',
    fields: { reason },
  },
  UPPFOLJNING_COMPLETED: {
    action: 'Slutför uppföljningen',
    done: 'Uppföljningen slutförd',
    fields: { questionnaireId },
  },
  ARBETSPLAN_CREATED: {
    action: 'Upprätta arbetsplan',
    done: 'Arbetsplan upprättad',
    help: 'Mål, hinder, förväntningar och planering kan hämtas från en slutförd inledande del. Skattningsfrågornas svar förs aldrig över.',
    fields: { importFrom: { label: 'Hämta texter från', help: 'En slutförd inledande del, eller en tom arbetsplan.' } },
  },
  ARBETSPLAN_REVISED: {
    action: 'Spara ny version',
    done: 'Ny version av arbetsplanen sparad',
    fields: { documentId, content: { label: 'Arbetsplanens text' } },
  },
  UPPDRAGSBESKRIVNING_CREATED: {
    action: 'Upprätta uppdragsbeskrivning',
    done: 'Uppdragsbeskrivning upprättad',
    help: 'Uppdragsbeskrivningen hör till en anvisning där beslut om insats har fattats och skickas med uppdraget till Kompetenscenter. Arbetslivserfarenhet, kompetens, hälsa och behov av insats kan hämtas från en slutförd inriktning; din egen bedömning skriver du själv.',
    fields: {
      caseId: { label: 'Anvisning' },
      importFrom: { label: 'Hämta texter från', help: 'Ett slutfört formulär för inriktningen, senaste först, eller ingen import.' },
    },
  },
  UPPDRAGSBESKRIVNING_REVISED: {
    action: 'Spara ny version',
    done: 'Ny version av uppdragsbeskrivningen sparad',
    fields: { documentId, content: { label: 'Uppdragsbeskrivningens text' } },
  },
  ...HANDOVER_TEXTS,
} as const satisfies Record<BedomningRequestType, BedomningEventText>;

/** The questionnaires' kinds, and the step that completes one of each kind. */
export const QUESTIONNAIRE_KIND_TEXTS = {
  inledande: { label: 'Inledande del', completeEvent: 'INLEDANDE_COMPLETED' },
  arbetsmarknad: { label: 'Arbetsmarknadsinriktning', completeEvent: 'TRACK_COMPLETED' },
  rehab: { label: 'Rehabinriktning', completeEvent: 'TRACK_COMPLETED' },
  uppfoljning: { label: 'Uppföljning', completeEvent: 'UPPFOLJNING_COMPLETED' },
} as const satisfies Record<QuestionnaireKind, { label: string; completeEvent: BedomningRequestType }>;

export const QUESTIONNAIRE_STATUS_TEXTS: Record<QuestionnaireRef['status'], string> = {
  pagaende: 'Pågår',
  klar: 'Slutfört',
  avbrutet: 'Avbrutet',
};

export const DOCUMENT_KIND_TEXTS: Record<DocumentKind, string> = {
  arbetsplan: 'Arbetsplan',
  uppdragsbeskrivning: 'Uppdragsbeskrivning',
};

export const ARBETSPLAN_FIELD_TEXTS = {
  mal: { label: 'Mål' },
  hinder: { label: 'Hinder' },
  forvantningar: { label: 'Förväntningar' },
  planering: { label: 'Planering' },
} as const satisfies Record<keyof ArbetsplanContent, FieldText>;

export const UPPDRAG_FIELD_TEXTS = {
  arbetslivserfarenhet: { label: 'Arbetslivserfarenhet' },
  kompetens: { label: 'Kompetens', help: 'Utbildning och kommunikation.' },
  halsa: { label: 'Hälsa' },
  behovAvInsats: { label: 'Behov av insats' },
  egenBedomning: { label: 'Din egen bedömning', help: 'Krävs innan uppdraget kan skickas till Kompetenscenter.' },
} as const satisfies Record<keyof UppdragsbeskrivningContent, FieldText>;

/** The steps the service itself records, when a referral reaches KC or ends, and the assessment's creation (the assessment history). */
export const SYSTEM_EVENT_TEXTS: Record<'ASSESSMENT_CREATED' | 'INSATS_STARTED' | 'INSATS_ENDED' | 'MACHINE_UPGRADED', string> = {
  ASSESSMENT_CREATED: 'Bedömningsstödet lades upp',
  MACHINE_UPGRADED: 'Bedömningsstödet flyttades till en ny version av rutinen',
  INSATS_STARTED: 'Uppdraget skickat till Kompetenscenter: insats pågår',
  INSATS_ENDED: 'Anvisningen avslutad',
};

export const HOUSEHOLD_ROLE_TEXTS = BEDOMNING_EVENT_TEXTS.INLEDANDE_STARTED.fields.householdRole.options;
export const TRACK_TEXTS = BEDOMNING_EVENT_TEXTS.INRIKTNING_CHOSEN.fields.tracks.options;
