/**
 * The role tables next to the machines against the process, written by hand
 * (test/support/process-rules.ts from docs/process.md): a role that gains or loses
 * an event in machines/…/permissions.ts fails here until process.md (and the
 * hand-written table) say so too.
 */
import { describe, expect, it } from 'vitest';
import { ANVISNING_EVENT_ROLES, ANVISNING_EVENT_TYPES, mayRoleSend } from '../../machines/anvisning';
import { BEDOMNING_EVENT_ROLES, BEDOMNING_EVENT_TYPES, mayRoleSendBedomning } from '../../machines/bedomning';
import { ROLES } from '../../machines/shared/roles';
import { WHO_MAY_SEND_ANVISNING, WHO_MAY_SEND_BEDOMNING, processLetsSend } from '../support/process-rules';

const sorted = (roles: readonly string[]) => [...roles].sort();

describe('who may send what, against process.md', () => {
  it('[roles.who-sends-what] has one hand-written row for every anvisning event, and none for an event the machine does not have', () => {
    expect(Object.keys(WHO_MAY_SEND_ANVISNING).sort()).toEqual([...ANVISNING_EVENT_TYPES].sort());
    expect(Object.keys(ANVISNING_EVENT_ROLES).sort()).toEqual([...ANVISNING_EVENT_TYPES].sort());
  });

  it.each([...ANVISNING_EVENT_TYPES])('anvisning %s: the role table names exactly the roles of process.md', (type) => {
    expect(sorted(ANVISNING_EVENT_ROLES[type]), type).toEqual(sorted(WHO_MAY_SEND_ANVISNING[type]!));
    for (const role of ROLES) expect(mayRoleSend(role, type), `${role} sending ${type}`).toBe(processLetsSend(WHO_MAY_SEND_ANVISNING, role, type));
  });

  it('has one hand-written row for every bedömning event, and none for an event the machine does not have', () => {
    expect(Object.keys(WHO_MAY_SEND_BEDOMNING).sort()).toEqual([...BEDOMNING_EVENT_TYPES].sort());
    expect(Object.keys(BEDOMNING_EVENT_ROLES).sort()).toEqual([...BEDOMNING_EVENT_TYPES].sort());
  });

  it.each([...BEDOMNING_EVENT_TYPES])('bedömning %s: the role table names exactly the roles of process.md', (type) => {
    expect(sorted(BEDOMNING_EVENT_ROLES[type]), type).toEqual(sorted(WHO_MAY_SEND_BEDOMNING[type]!));
    for (const role of ROLES) expect(mayRoleSendBedomning(role, type), `${role} sending ${type}`).toBe(processLetsSend(WHO_MAY_SEND_BEDOMNING, role, type));
  });
});
