// @ts-check
/**
 * The people a handover or a KC assignment may name, as choices for a form field
 * marked `optionsFrom` in the Swedish words (src/web/texts.ts): GET /api/colleagues
 * says whom this user may choose; the API checks the choice again when the step is sent.
 */
import { api } from './api.js';
import { getSession } from './session.js';

/**
 * [{ value: userId, label }] for `role` ('socialsekreterare' or 'arbetsmarknadskonsulent'), by name.
 * @param {'socialsekreterare' | 'arbetsmarknadskonsulent'} role
 * @returns {Promise<{ value: string, label: string }[]>}
 */
export async function colleagueOptions(role) {
  const user = getSession()?.user;
  // A consultant takes a referral only for herself: she is the one choice (she may not list the others).
  if (role === 'arbetsmarknadskonsulent' && user?.role === 'arbetsmarknadskonsulent') return [{ value: user.id, label: user.displayName }];
  /** @type {{ users: { id: string, displayName: string, unit: string }[] }} */
  const { users } = await api(`/api/colleagues?role=${encodeURIComponent(role)}`);
  return users.map((colleague) => ({ value: colleague.id, label: colleague.unit === user?.unit ? colleague.displayName : `${colleague.displayName}, ${colleague.unit}` }));
}
