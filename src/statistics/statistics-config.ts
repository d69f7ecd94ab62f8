/** The statistics' configuration from the environment (STATISTICS_SUPPRESSION_THRESHOLD, STATISTICS_AGE_BANDS). */
import { z } from 'zod';

export interface AgeBand {
  /** "18-24", "50-": how the band is named in the API and the CSV. */
  label: string;
  min: number;
  /** Inclusive; null = no upper bound. */
  max: number | null;
}

export interface StatisticsConfig {
  /** A count below it, and a share or median from fewer people, is never shown. */
  suppressionThreshold: number;
  ageBands: readonly AgeBand[];
}

export const DEFAULT_SUPPRESSION_THRESHOLD = 5;
export const DEFAULT_AGE_BANDS = '18-24,25-29,30-49,50-';

/** "18-24,25-29,30-49,50-": contiguous, ascending, the last open-ended. */
export function parseAgeBands(text: string): AgeBand[] {
  const bands = text.split(',').map((part) => {
    const match = /^\s*(\d{1,3})-(\d{1,3})?\s*$/.exec(part);
    if (!match) throw new Error(`STATISTICS_AGE_BANDS: "${part}" is not a band such as 18-24 or 50-`);
    const min = Number(match[1]);
    const max = match[2] === undefined ? null : Number(match[2]);
    if (max !== null && max < min) throw new Error(`STATISTICS_AGE_BANDS: "${part}" ends before it starts`);
    return { label: max === null ? `${min}-` : `${min}-${max}`, min, max };
  });
  bands.forEach((band, index) => {
    const next = bands[index + 1];
    if (next && (band.max === null || next.min !== band.max + 1)) throw new Error('STATISTICS_AGE_BANDS: the bands must follow each other without gaps, the open-ended one last');
  });
  if (bands.at(-1)?.max !== null) throw new Error('STATISTICS_AGE_BANDS: the last band must be open-ended, such as 50-');
  return bands;
}

const ZStatisticsEnv = z.object({
  STATISTICS_SUPPRESSION_THRESHOLD: z
    .string()
    .trim()
    .regex(/^[1-9]\d{0,3}$/, 'must be a whole number from 1')
    .transform(Number)
    .default(DEFAULT_SUPPRESSION_THRESHOLD),
  STATISTICS_AGE_BANDS: z.string().default(DEFAULT_AGE_BANDS),
});

export function loadStatisticsConfig(env: Record<string, string | undefined> = process.env): StatisticsConfig {
  // An empty variable means "use the default", as if unset (as the deadline periods).
  const raw = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = ZStatisticsEnv.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Invalid statistics configuration:\n${parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`).join('\n')}`);
  }
  return Object.freeze({ suppressionThreshold: parsed.data.STATISTICS_SUPPRESSION_THRESHOLD, ageBands: Object.freeze(parseAgeBands(parsed.data.STATISTICS_AGE_BANDS)) });
}
