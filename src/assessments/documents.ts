/**
 * What an arbetsplan and an uppdragsbeskrivning import, as pure functions of a
 * questionnaire's template and answers (Bedömningsstöd, "Arbetsplan", "Uppdragsbeskrivning";
 * Handbok, "Upprätta arbetsplan", "Upprätta uppdragsbeskrivning").
 * Only discussion answers (free text) are imported; a scale answer, its value
 * and its comment, never leaves its questionnaire (Handbok, "Skattningsfrågor").
 */
import { fieldIssue, type FieldIssue } from '../errors';
import type { Answer, ArbetsplanContent, UppdragsbeskrivningContent } from '../../machines/bedomning';
import {
  ARBETSPLAN_FIELDS,
  UPPDRAG_FIELDS,
  questionsOf,
  type ArbetsplanField,
  type QuestionnaireTemplate,
  type UppdragField,
} from './questionnaire-catalog';

export type Answers = Record<string, Answer>;

function importFields<F extends string>(
  template: QuestionnaireTemplate,
  answers: Answers,
  fields: readonly F[],
  target: 'arbetsplan' | 'uppdragsbeskrivning',
): Record<F, string> {
  const result = Object.fromEntries(fields.map((field) => [field, ''])) as Record<F, string>;
  for (const question of questionsOf(template)) {
    if (question.type !== 'discussion') continue;
    const field = question.importTo?.[target] as F | undefined;
    const text = answers[question.id]?.text?.trim();
    if (!field || !text) continue;
    // Several questions can feed one field (utbildning and kommunikation → kompetens): each under its question.
    const entry = `${question.text}\n${text}`;
    result[field] = result[field] ? `${result[field]}\n\n${entry}` : entry;
  }
  return result;
}

export function emptyArbetsplan(): ArbetsplanContent {
  return Object.fromEntries(ARBETSPLAN_FIELDS.map((field) => [field, ''])) as ArbetsplanContent;
}

/** Mål, hinder, förväntningar and planering from a completed initial part. */
export function importArbetsplan(template: QuestionnaireTemplate, answers: Answers): ArbetsplanContent {
  return importFields<ArbetsplanField>(template, answers, ARBETSPLAN_FIELDS, 'arbetsplan');
}

export function emptyUppdragsbeskrivning(): UppdragsbeskrivningContent {
  return { ...(Object.fromEntries(UPPDRAG_FIELDS.map((field) => [field, ''])) as Record<UppdragField, string>), egenBedomning: '' };
}

/** Arbetslivserfarenhet, kompetens, hälsa and behov av insats from a completed track questionnaire; the own assessment is the socialsekreterare's to write. */
export function importUppdragsbeskrivning(template: QuestionnaireTemplate, answers: Answers): UppdragsbeskrivningContent {
  return { ...importFields<UppdragField>(template, answers, UPPDRAG_FIELDS, 'uppdragsbeskrivning'), egenBedomning: '' };
}

/** The questions of a template that must be answered before it can be completed, and are not. */
export function missingAnswers(template: QuestionnaireTemplate, answers: Answers): FieldIssue[] {
  return questionsOf(template)
    .filter((question) => question.required)
    .filter((question) => {
      const answer = answers[question.id];
      return question.type === 'scale' ? answer?.value == null : !answer?.text?.trim();
    })
    .map((question) => fieldIssue(`answers.${question.id}`, 'question_unanswered'));
}

/** Check a partial save against the questionnaire's questions: known ids, text for discussion, 1–5 and comment for scale. */
export function answerProblems(template: QuestionnaireTemplate, answers: Answers): FieldIssue[] {
  const questions = new Map(questionsOf(template).map((question) => [question.id, question]));
  const problems: FieldIssue[] = [];
  for (const [id, answer] of Object.entries(answers)) {
    const question = questions.get(id);
    if (!question) problems.push(fieldIssue(`answers.${id}`, 'unknown_question'));
    else if (question.type === 'discussion' && (answer.value !== undefined || answer.comment !== undefined))
      problems.push(fieldIssue(`answers.${id}`, 'answer_with_text'));
    else if (question.type === 'scale' && answer.text !== undefined)
      problems.push(fieldIssue(`answers.${id}`, 'answer_with_value'));
  }
  return problems;
}

/** A partial save merges per question: the fields sent replace those stored, the rest stay. */
export function mergeAnswers(stored: Answers, saved: Answers): Answers {
  const merged: Answers = { ...stored };
  for (const [id, answer] of Object.entries(saved)) merged[id] = { ...stored[id], ...answer };
  return merged;
}
