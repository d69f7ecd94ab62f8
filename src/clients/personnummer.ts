import Personnummer from 'personnummer';
import { z } from 'zod';

/**
 * A personnummer or samordningsnummer, taken with the century (12 digits, with
 * or without a hyphen) and stored as 12 digits. A 10-digit form is refused:
 * its century would have to be guessed (process.md "Rules that hold everywhere").
 */
export const ZPersonnummer = z
  .string()
  .trim()
  // Left blank: say so, not that it needs 12 digits.
  .min(1, { message: 'required', abort: true })
  .regex(/^\d{8}-?\d{4}$/, {
    message: 'personnummer_needs_century',
    abort: true,
  })
  .refine((value) => Personnummer.valid(value, { allowCoordinationNumber: true, allowInterimNumber: false }), {
    message: 'personnummer_invalid',
  })
  .transform((value) => value.replace('-', ''));

const parsed = (twelveDigits: string) => Personnummer.parse(twelveDigits, { allowCoordinationNumber: true, allowInterimNumber: false });

/** Kön in law, from the ninth digit of the ten-digit form (even: kvinna): for the statistics, never shown. */
export function konOf(twelveDigits: string): 'kvinna' | 'man' {
  return parsed(twelveDigits).isFemale() ? 'kvinna' : 'man';
}

/** The birth date (YYYY-MM-DD) in a personnummer, or in a samordningsnummer (its day + 60). */
export function birthDateOf(twelveDigits: string): string {
  // The library gives the date as midnight UTC.
  return parsed(twelveDigits).getDate().toISOString().slice(0, 10);
}

/** Both at once, from one parse (the statistics read them for every referral of a unit's year). */
export function konAndBirthDateOf(twelveDigits: string): { kon: 'kvinna' | 'man'; birthDate: string } {
  const number = parsed(twelveDigits);
  return { kon: number.isFemale() ? 'kvinna' : 'man', birthDate: number.getDate().toISOString().slice(0, 10) };
}

/** "19900101-0017" for display to those who may see it. */
export function formatPersonnummer(twelveDigits: string): string {
  return `${twelveDigits.slice(0, 8)}-${twelveDigits.slice(8)}`;
}
