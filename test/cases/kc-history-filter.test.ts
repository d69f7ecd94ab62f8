/**
 * What KC reads of a referral's history (src/cases/case-access.ts) against the
 * hand-written list from process.md "What KC sees" and the README's "Who sees
 * what" (test/support/process-rules.ts): an event added to KC's filter, or taken
 * from it, fails here. Each event is tried as sent by every role the process lets
 * send it (test/support/process-rules.ts), so "every event KC itself sent" counts too.
 */
import { describe, expect, it } from 'vitest';
import { ANVISNING_EVENT_TYPES } from '../../machines/anvisning';
import { HUMAN_ROLES, type HumanRole } from '../../machines/shared/roles';
import type { AuthUser } from '../../src/auth/types';
import { mayUserSeeEvent } from '../../src/cases/case-access';
import { EARLIER_EVENTS_KC_SEES_FROM_THE_SOCIAL_SERVICES, EVENTS_KC_SEES_FROM_THE_SOCIAL_SERVICES, WHO_MAY_SEND_ANVISNING } from '../support/process-rules';

const KC_ROLES: readonly HumanRole[] = ['arbetsmarknadskonsulent', 'kc_samordnare'];
const userOf = (role: HumanRole): AuthUser => ({ id: `a-${role}`, username: role, displayName: role, role, unit: KC_ROLES.includes(role) ? 'KC' : 'SF Nordost' });

describe("[kc-view.history-filtered] KC's view of a referral's history, against process.md", () => {
  it.each([...ANVISNING_EVENT_TYPES])('%s', (type) => {
    for (const sender of WHO_MAY_SEND_ANVISNING[type]!) {
      const event = { type, actorRole: sender };
      const sentByKc = sender === 'arbetsmarknadskonsulent' || sender === 'kc_samordnare';
      for (const role of HUMAN_ROLES) {
        const expected = KC_ROLES.includes(role) ? sentByKc || EVENTS_KC_SEES_FROM_THE_SOCIAL_SERVICES.has(type) : true;
        expect(mayUserSeeEvent(userOf(role), event), `${role} reading ${type} sent by ${sender}`).toBe(expected);
      }
    }
  });

  it('[kc-view.external-consent-own-area] shows KC a consent in its own area, not one in the social and health area', () => {
    for (const role of KC_ROLES) {
      const consent = (area?: string) => ({ type: 'EXTERNAL_CONSENT_RECORDED', actorRole: 'socialsekreterare', payload: { party: 'Vårdcentralen', ...(area ? { area } : {}) } });
      expect(mayUserSeeEvent(userOf(role), consent('socialt_halsa')), role).toBe(false);
      expect(mayUserSeeEvent(userOf(role), consent('kompetens_jobb')), role).toBe(true);
      // Recorded under version 2, before areas: KC saw it then and still does.
      expect(mayUserSeeEvent(userOf(role), consent()), role).toBe(true);
    }
    expect(mayUserSeeEvent(userOf('socialsekreterare'), { type: 'EXTERNAL_CONSENT_RECORDED', actorRole: 'arbetsmarknadskonsulent', payload: { area: 'kompetens_jobb' } })).toBe(true);
  });

  it('lists only events of the machine', () => {
    for (const type of EVENTS_KC_SEES_FROM_THE_SOCIAL_SERVICES) expect(ANVISNING_EVENT_TYPES).toContain(type);
  });

  it('shows KC an event of an earlier version, no longer sent, in a stored history (version 2’s INSKRIVNING_CANCELLED), and nothing it never saw', () => {
    for (const type of EARLIER_EVENTS_KC_SEES_FROM_THE_SOCIAL_SERVICES) {
      expect(ANVISNING_EVENT_TYPES).not.toContain(type);
      for (const role of KC_ROLES) expect(mayUserSeeEvent(userOf(role), { type, actorRole: 'socialsekreterare' }), `${role} reading ${type}`).toBe(true);
    }
    expect(mayUserSeeEvent(userOf('arbetsmarknadskonsulent'), { type: 'SOMETHING_UNKNOWN', actorRole: 'socialsekreterare' })).toBe(false);
  });
});
