/**
 * Progression (Handbok, "Progression"): when the initial part is done again after
 * an insats, its scale answers are compared with the previous initial part's,
 * question by question: before, after, change. Over the client's whole history,
 * one comparison per pair of consecutive completed initial parts.
 */
import type { Answer } from '../../machines/bedomning';
import { questionsOf, type QuestionnaireTemplate } from './questionnaire-catalog';

export interface CompletedInitialPart {
  id: string;
  cycle: number;
  completedAt: Date;
  template: QuestionnaireTemplate;
  answers: Record<string, Answer>;
}

export interface ProgressionStep {
  from: { questionnaireId: string; cycle: number; completedAt: string };
  to: { questionnaireId: string; cycle: number; completedAt: string };
  questions: { questionId: string; text: string; isKeyQuestion: boolean; before: number | null; after: number | null; change: number | null }[];
}

export function progressionOf(parts: readonly CompletedInitialPart[]): ProgressionStep[] {
  const ordered = [...parts].sort((a, b) => a.completedAt.getTime() - b.completedAt.getTime());
  return ordered.slice(1).map((after, index) => {
    const before = ordered[index]!;
    // Questions are matched by id, so a newer version of the questionnaire still compares with an older one.
    const questions = questionsOf(after.template).flatMap((question) => {
      if (question.type !== 'scale') return [];
      const was = before.answers[question.id]?.value ?? null;
      const is = after.answers[question.id]?.value ?? null;
      return [
        {
          questionId: question.id,
          text: question.text,
          isKeyQuestion: question.indicationKey !== undefined,
          before: was,
          after: is,
          change: was !== null && is !== null ? is - was : null,
        },
      ];
    });
    const stamp = (part: CompletedInitialPart) => ({ questionnaireId: part.id, cycle: part.cycle, completedAt: part.completedAt.toISOString() });
    return { from: stamp(before), to: stamp(after), questions };
  });
}
