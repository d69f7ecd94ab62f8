/**
 * Bedömningsstöd, one machine per client (sökande and medsökande each their
 * own), cyclical. Sources: Bedömningsstöd and Handbok ("Handbok till
 * bedömningsstöd", version 2, 2024); the cycle as Stegvis runs it: docs/process.md "The bedömningsstöd cycle".
 *
 *   redo_för_inledande → inledande → val_av_inriktning → inriktning
 *        ↑                     ↑                            │  (uppdrag sent to KC)
 *        └──── uppföljning ◄── i_insats ◄───────────────────┘
 *                              (a new initial part while the insats runs: omprövning)
 *
 * The machine keeps the cycle and references (ids, kinds, dates) to the
 * questionnaires and documents; their contents live in their own tables. Pure:
 * no I/O and no clock; every event carries `meta.at`.
 */
import { and, assertEvent, assign, setup } from 'xstate';
import { applyHandover, type HandoverContext } from '../shared/handover';
import { guardsOf } from '../shared/steps';
import type {
  BedomningEvent,
  HouseholdRole,
  InsatsOutcome,
  KeyScores,
  QuestionnaireKind,
  Track,
} from './events';
import { followsIndication, indicateTracks, type Indication } from './indication';
import { bedomningRules, TRACK_KINDS } from './steps';

export interface QuestionnaireRef {
  id: string;
  kind: QuestionnaireKind;
  cycle: number;
  startedAt: string;
  /** pagaende: open for (partial) saves; klar: completed; avbrutet: left unfinished when the cycle moved on. */
  status: 'pagaende' | 'klar' | 'avbrutet';
  completedAt: string | null;
  /** The latest partial save. */
  savedAt: string | null;
}

export type DocumentKind = 'arbetsplan' | 'uppdragsbeskrivning';

export interface DocumentRef {
  id: string;
  kind: DocumentKind;
  /** The referral an uppdragsbeskrivning belongs to. */
  caseId: string | null;
  version: number;
  importedFrom: string | null;
  /** When the uppdragsbeskrivning went to KC with UPPDRAG_SENT; it is then what KC read, and is kept as it was. */
  sentAt: string | null;
}

export interface BedomningContext extends HandoverContext {
  /** 0 before the first initial part; +1 at each new initial part. */
  cycle: number;
  householdRole: HouseholdRole | null;
  questionnaires: QuestionnaireRef[];
  /** The key scale answers of the latest completed initial part of this cycle, and the indication from them. */
  keyScores: KeyScores | null;
  indication: Indication | null;
  choice: null | { tracks: Track[]; followsIndication: boolean; reasonAgainstIndication: string | null; chosenAt: string };
  insats: null | { caseId: string; startedAt: string; uppdragsbeskrivningId: string | null };
  insatser: { caseId: string; startedAt: string; endedAt: string; outcome: InsatsOutcome }[];
  documents: DocumentRef[];
}

function newQuestionnaire(id: string, kind: QuestionnaireKind, cycle: number, at: string): QuestionnaireRef {
  return { id, kind, cycle, startedAt: at, status: 'pagaende', completedAt: null, savedAt: null };
}

/**
 * The insats of the previous cycle ends while a new cycle (started during it) runs: its end is recorded with its outcome and
 * the new cycle goes on where it stands [assumption: the sources do not say]. The follow-up of an insats that ended without
 * självförsörjning is then started from the tracks (UPPFOLJNING_STARTED), and the open drafts of the new cycle are kept.
 */
const INSATS_ENDS_DURING_NEW_CYCLE = {
  guard: 'endsCurrentInsats',
  actions: 'recordInsatsEnded',
  meta: { rules: ['bedomning.insats-ends-during-new-cycle'] },
} as const;

export const bedomningMachine = setup({
  types: {
    context: {} as BedomningContext,
    events: {} as BedomningEvent,
  },
  guards: {
    // The step rules (./steps.ts, with the handover rules): the same functions tell a view what each next step needs.
    ...guardsOf(bedomningRules),
    isCurrentInsats: ({ context, event }, params: { outcome: InsatsOutcome }) => {
      assertEvent(event, 'INSATS_ENDED');
      return context.insats?.caseId === event.caseId && event.outcome === params.outcome;
    },
    endsCurrentInsats: ({ context, event }) => {
      assertEvent(event, 'INSATS_ENDED');
      return context.insats?.caseId === event.caseId;
    },
    // One referral of a client runs at a time: a new cycle during an insats keeps it until it ends.
    noInsatsRunning: ({ context }) => context.insats === null,
    hasChosenTracks: ({ context }) => context.choice !== null,
  },
  actions: {
    recordHandover: assign(({ context, event }) => applyHandover(context, event as BedomningEvent & Record<string, unknown>)),
    startInledande: assign(({ context, event }) => {
      assertEvent(event, 'INLEDANDE_STARTED');
      return {
        cycle: context.cycle + 1,
        householdRole: event.householdRole,
        questionnaires: [...context.questionnaires, newQuestionnaire(event.questionnaireId, 'inledande', context.cycle + 1, event.meta.at)],
        keyScores: null,
        indication: null,
        choice: null,
      };
    }),
    // Drafts of a stage the cycle has left stay as they were, marked avbrutna: nothing is deleted.
    abandonOpenQuestionnaires: assign({
      questionnaires: ({ context }) =>
        context.questionnaires.map((q) => (q.status === 'pagaende' ? { ...q, status: 'avbrutet' as const } : q)),
    }),
    recordSave: assign({
      questionnaires: ({ context, event }) => {
        assertEvent(event, 'QUESTIONNAIRE_SAVED');
        return context.questionnaires.map((q) => (q.id === event.questionnaireId ? { ...q, savedAt: event.meta.at } : q));
      },
    }),
    completeQuestionnaire: assign({
      questionnaires: ({ context, event }) => {
        assertEvent(event, ['INLEDANDE_COMPLETED', 'TRACK_COMPLETED', 'UPPFOLJNING_COMPLETED']);
        return context.questionnaires.map((q) =>
          q.id === event.questionnaireId ? { ...q, status: 'klar' as const, completedAt: event.meta.at } : q,
        );
      },
    }),
    recordKeyScores: assign(({ event }) => {
      assertEvent(event, 'INLEDANDE_COMPLETED');
      return { keyScores: event.keyScores, indication: indicateTracks(event.keyScores) };
    }),
    recordChoiceAndStartTracks: assign(({ context, event }) => {
      assertEvent(event, 'INRIKTNING_CHOSEN');
      const follows = context.indication !== null && followsIndication(context.indication, event.tracks);
      return {
        choice: {
          tracks: [...event.tracks],
          followsIndication: follows,
          reasonAgainstIndication: follows ? null : (event.reasonAgainstIndication ?? null),
          chosenAt: event.meta.at,
        },
        questionnaires: [
          ...context.questionnaires,
          ...event.questionnaires.map(({ track, questionnaireId }) => newQuestionnaire(questionnaireId, track, context.cycle, event.meta.at)),
        ],
      };
    }),
    startUppfoljning: assign({
      questionnaires: ({ context, event }) => {
        assertEvent(event, ['UPPFOLJNING_STARTED', 'INSATS_ENDED']);
        if (event.questionnaireId === null) return context.questionnaires;
        return [...context.questionnaires, newQuestionnaire(event.questionnaireId, 'uppfoljning', context.cycle, event.meta.at)];
      },
    }),
    recordInsatsStarted: assign(({ context, event }) => {
      assertEvent(event, 'INSATS_STARTED');
      return {
        insats: { caseId: event.caseId, startedAt: event.meta.at, uppdragsbeskrivningId: event.uppdragsbeskrivningId },
        documents: context.documents.map((d) => (d.id === event.uppdragsbeskrivningId ? { ...d, sentAt: event.meta.at } : d)),
      };
    }),
    recordInsatsEnded: assign(({ context, event }) => {
      assertEvent(event, 'INSATS_ENDED');
      if (!context.insats) return {};
      const ended = { caseId: context.insats.caseId, startedAt: context.insats.startedAt, endedAt: event.meta.at, outcome: event.outcome };
      return { insats: null, insatser: [...context.insatser, ended] };
    }),
    addArbetsplan: assign({
      documents: ({ context, event }) => {
        assertEvent(event, 'ARBETSPLAN_CREATED');
        const document: DocumentRef = { id: event.documentId, kind: 'arbetsplan', caseId: null, version: 1, importedFrom: event.importFrom ?? null, sentAt: null };
        return [...context.documents, document];
      },
    }),
    addUppdragsbeskrivning: assign({
      documents: ({ context, event }) => {
        assertEvent(event, 'UPPDRAGSBESKRIVNING_CREATED');
        const document: DocumentRef = {
          id: event.documentId,
          kind: 'uppdragsbeskrivning',
          caseId: event.caseId,
          version: 1,
          importedFrom: event.importFrom ?? null,
          sentAt: null,
        };
        return [...context.documents, document];
      },
    }),
    // Versioned, nothing overwritten: a revision is a new version of the document.
    bumpDocumentVersion: assign({
      documents: ({ context, event }) => {
        assertEvent(event, ['ARBETSPLAN_REVISED', 'UPPDRAGSBESKRIVNING_REVISED']);
        return context.documents.map((d) => (d.id === event.documentId ? { ...d, version: d.version + 1 } : d));
      },
    }),
  },
}).createMachine({
  id: 'bedomning',
  initial: 'redo_for_inledande',
  context: {
    cycle: 0,
    householdRole: null,
    questionnaires: [],
    keyScores: null,
    indication: null,
    choice: null,
    insats: null,
    insatser: [],
    documents: [],
  },
  on: {
    // Bedömningsstöd, "Arbetsplan": after the initial part, after a track, or with no assessment at all.
    ARBETSPLAN_CREATED: { guard: 'isArbetsplanImportAllowed', actions: 'addArbetsplan' },
    ARBETSPLAN_REVISED: { guard: 'isArbetsplan', actions: 'bumpDocumentVersion' },
    // Bedömningsstöd, "Uppdragsbeskrivning": also without the assessment support.
    UPPDRAGSBESKRIVNING_CREATED: { guard: 'isUppdragsbeskrivningAllowed', actions: 'addUppdragsbeskrivning' },
    UPPDRAGSBESKRIVNING_REVISED: { guard: 'isUnsentUppdragsbeskrivning', actions: 'bumpDocumentVersion' },
    // Handing the assessment over, in any state (machines/shared/handover.ts).
    RESPONSIBLE_CHANGED: { guard: 'mayChangeResponsible', actions: 'recordHandover' },
    TRANSFER_REQUESTED: { guard: 'mayRequestTransfer', actions: 'recordHandover' },
    TRANSFER_ACCEPTED: { guard: 'mayAcceptTransfer', actions: 'recordHandover' },
    TRANSFER_CANCELLED: { guard: 'mayCancelTransfer', actions: 'recordHandover' },
  },
  states: {
    redo_for_inledande: {
      on: {
        INLEDANDE_STARTED: { target: 'inledande', actions: 'startInledande' },
        INSATS_STARTED: { target: 'i_insats', actions: 'recordInsatsStarted' },
      },
    },
    inledande: {
      on: {
        QUESTIONNAIRE_SAVED: { guard: { type: 'isOpenQuestionnaireOf', params: { kinds: ['inledande'] } }, actions: 'recordSave' },
        // Bedömningsstöd, "Skalfrågor": completed with any key question unanswered; the indication names what it lacks.
        INLEDANDE_COMPLETED: {
          guard: { type: 'isOpenQuestionnaireOf', params: { kinds: ['inledande'] } },
          target: 'val_av_inriktning',
          actions: ['completeQuestionnaire', 'recordKeyScores'],
          meta: { rules: ['bedomning.scale-questions-optional', 'bedomning.indication-names-missing-key-answers'] },
        },
        INSATS_STARTED: { guard: 'noInsatsRunning', target: 'i_insats', actions: ['abandonOpenQuestionnaires', 'recordInsatsStarted'] },
        INSATS_ENDED: INSATS_ENDS_DURING_NEW_CYCLE,
      },
    },
    val_av_inriktning: {
      // The indication (./indication.ts) is a hint from the key answers, shown here with its reasons; the socialsekreterare
      // chooses. Its thresholds are the tool's assumption, shown with it.
      meta: { rules: ['bedomning.indication-is-a-hint', 'bedomning.indication-thresholds-assumption'] },
      on: {
        INRIKTNING_CHOSEN: { guard: 'followsIndicationOrHasReason', target: 'inriktning', actions: 'recordChoiceAndStartTracks' },
        INLEDANDE_STARTED: { guard: 'hasRestartReason', target: 'inledande', actions: 'startInledande' },
        INSATS_STARTED: { guard: 'noInsatsRunning', target: 'i_insats', actions: 'recordInsatsStarted' },
        INSATS_ENDED: INSATS_ENDS_DURING_NEW_CYCLE,
      },
    },
    inriktning: {
      on: {
        QUESTIONNAIRE_SAVED: { guard: { type: 'isOpenQuestionnaireOf', params: { kinds: TRACK_KINDS } }, actions: 'recordSave' },
        TRACK_COMPLETED: { guard: { type: 'isOpenQuestionnaireOf', params: { kinds: TRACK_KINDS } }, actions: 'completeQuestionnaire' },
        UPPFOLJNING_STARTED: {
          guard: 'hasCompletedTrackThisCycle',
          target: 'uppfoljning',
          actions: ['abandonOpenQuestionnaires', 'startUppfoljning'],
        },
        INLEDANDE_STARTED: { guard: 'hasRestartReason', target: 'inledande', actions: ['abandonOpenQuestionnaires', 'startInledande'] },
        // A referral's uppdrag reaches KC: the assessment waits for the insats to end (process.md "Two machines").
        INSATS_STARTED: { guard: 'noInsatsRunning', target: 'i_insats', actions: ['abandonOpenQuestionnaires', 'recordInsatsStarted'] },
        INSATS_ENDED: INSATS_ENDS_DURING_NEW_CYCLE,
      },
    },
    i_insats: {
      on: {
        // Bedömningsstöd, "Övergripande process": a new initial part at an omprövning or a new arbetsplan, also while the
        // insats runs (before a renewal). The cycle is not closed: the insats and its referral stay as they are.
        INLEDANDE_STARTED: {
          guard: 'hasRestartReason',
          target: 'inledande',
          actions: 'startInledande',
          meta: { rules: ['bedomning.new-inledande-during-insats'] },
        },
        INSATS_ENDED: [
          // Bedömningsstöd, "Uppföljning": after an insats that did not lead to självförsörjning, the follow-up opens.
          {
            guard: { type: 'isCurrentInsats', params: { outcome: 'ej_sjalvforsorjande' } },
            target: 'uppfoljning',
            actions: ['recordInsatsEnded', 'startUppfoljning'],
          },
          { guard: { type: 'isCurrentInsats', params: { outcome: 'sjalvforsorjande' } }, target: 'redo_for_inledande', actions: 'recordInsatsEnded' },
          // A referral cancelled before the insats began: back to where the assessment stood.
          {
            guard: and([{ type: 'isCurrentInsats', params: { outcome: 'avbruten' as const } }, 'hasChosenTracks']),
            target: 'inriktning',
            actions: 'recordInsatsEnded',
          },
          { guard: { type: 'isCurrentInsats', params: { outcome: 'avbruten' } }, target: 'redo_for_inledande', actions: 'recordInsatsEnded' },
        ],
      },
    },
    uppfoljning: {
      on: {
        QUESTIONNAIRE_SAVED: { guard: { type: 'isOpenQuestionnaireOf', params: { kinds: ['uppfoljning'] } }, actions: 'recordSave' },
        // Bedömningsstöd, "Uppföljning": then the initial part starts again (a new event registration).
        UPPFOLJNING_COMPLETED: {
          guard: { type: 'isOpenQuestionnaireOf', params: { kinds: ['uppfoljning'] } },
          target: 'redo_for_inledande',
          actions: 'completeQuestionnaire',
        },
        INLEDANDE_STARTED: { guard: 'hasRestartReason', target: 'inledande', actions: ['abandonOpenQuestionnaires', 'startInledande'] },
        INSATS_STARTED: { target: 'i_insats', actions: ['abandonOpenQuestionnaires', 'recordInsatsStarted'] },
      },
    },
  },
});
