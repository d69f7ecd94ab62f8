import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEADLINE_KINDS } from '../../src/deadlines/deadline-policy';
import { renderNotification, swedishDate, type NotificationData, type RenderedMessage } from '../../src/notifications/templates';

const links = { publicBaseUrl: 'https://stegvis.example' };
const caseId = '6f1c2a3b-0000-4000-8000-000000000001';
const link = `https://stegvis.example/arenden/${caseId}`;

/** Every field the templates may use, for every kind (the place only inside the .ics). */
function everyMessage(place: string | null = 'KC Angered'): NotificationData[] {
  return [
    ...(['paminnelse', 'forfallen', 'eskalering'] as const).flatMap((kind) =>
      DEADLINE_KINDS.flatMap((deadlineKind) =>
        ['socialsekreterare', 'arbetsmarknadskonsulent'].map((responsibleRole) => ({ kind, caseId, caseReference: 'KC-000001', deadlineKind, dueDate: '2026-12-24', responsibleRole })),
      ),
    ),
    ...(['inskrivningsmote', 'uppfoljningsmote', 'trepartsmote'] as const).map((meeting) => ({
      kind: 'kallelse' as const,
      caseId,
      caseReference: 'KC-000001',
      meeting,
      at: '2026-12-24T09:00:00Z',
      place,
      uid: `${caseId}-${meeting}@stegvis`,
      sequence: 1,
    })),
    // The notices a step sends at once (process-notices.ts).
    { kind: 'avvikelse', caseId, caseReference: 'KC-000001' },
    ...(['avslut', 'insats', 'annat'] as const).map((topic) => ({ kind: 'oenighet' as const, caseId, caseReference: 'KC-000001', topic })),
    { kind: 'beslut_utgatt', caseId, caseReference: 'KC-000001', validUntil: '2027-01-31' },
    { kind: 'beslut_utgatt', caseId, caseReference: 'KC-000001', validUntil: null },
  ];
}

/** All of a message as one string, with the .ics lines unfolded (RFC 5545 folds at 75 octets, which could split a leaked value). */
function allOf(message: RenderedMessage): string {
  return [message.subject, message.text, message.html, message.ics?.filename ?? '', (message.ics?.content ?? '').replace(/\r\n[ \t]/g, '')].join('\n');
}

describe('e-mail templates', () => {
  it('tell the socialsekreterare that the decision ran out, with its last day and what to do, and nothing more', () => {
    const message = renderNotification({ kind: 'beslut_utgatt', caseId, caseReference: 'KC-000042', validUntil: '2027-01-31' }, links);
    expect(message.subject).toBe('Beslutet har gått ut – ärende KC-000042');
    expect(message.text).toContain('Beslutet om insats i ärende KC-000042 har gått ut (sista dag 31 januari 2027) utan att förnyas.');
    expect(message.text).toContain('Fatta ett förnyat beslut eller avsluta insatsen i Stegvis.');
    expect(message.ics).toBeUndefined();
  });

  it('write dates in Swedish, holidays and year ends included', () => {
    expect(swedishDate('2026-12-24')).toBe('24 december 2026');
    expect(swedishDate('2027-01-06')).toBe('6 januari 2027');
    expect(swedishDate('2026-12-31', 1)).toBe('1 januari 2027');
    const julafton = renderNotification({ kind: 'forfallen', caseId, caseReference: 'KC-000001', deadlineKind: 'avslutsdokument', dueDate: '2026-12-24', responsibleRole: 'arbetsmarknadskonsulent' }, links);
    expect(julafton.subject).toBe('Att göra: Avslutsdokument ska upprättas senast 24 december 2026 – ärende KC-000001');
  });

  it('say the step, the date, the case reference and the link', () => {
    const message = renderNotification(
      { kind: 'paminnelse', caseId, caseReference: 'KC-000042', deadlineKind: 'uppfoljning', dueDate: '2026-04-30', responsibleRole: 'socialsekreterare' },
      links,
    );
    expect(message.subject).toBe('Påminnelse: Uppföljning ska hållas senast 30 april 2026 – ärende KC-000042');
    expect(message.text).toContain('Påminnelse: uppföljning ska hållas senast 30 april 2026 i ärende KC-000042.');
    expect(message.text).toContain(link);
    expect(message.html).toContain(`<a href="${link}">`);
    expect(message.ics).toBeUndefined();
  });

  it('remind of a meeting by its time, not by a last day', () => {
    const message = renderNotification(
      { kind: 'paminnelse', caseId, caseReference: 'KC-000042', deadlineKind: 'inskrivningsmote', dueDate: '2026-12-08', responsibleRole: 'socialsekreterare', meetingAt: '2026-12-08T09:00:00.000Z' },
      links,
    );
    expect(message.subject).toBe('Påminnelse: Inskrivningsmöte 8 december 2026 kl. 10:00 – ärende KC-000042');
    expect(message.text).toContain('Påminnelse: inskrivningsmöte 8 december 2026 kl. 10:00 i ärende KC-000042.');
    expect(message.text).not.toContain('senast');
  });

  it('[deadlines.overdue-escalation] escalate with whose step it is, since when it is overdue, and as Stegvis’s safety net, not the routine’s', () => {
    const escalation = renderNotification(
      { kind: 'eskalering', caseId, caseReference: 'KC-000042', deadlineKind: 'genomforandeplan_upprattad', dueDate: '2026-02-17', responsibleRole: 'arbetsmarknadskonsulent' },
      links,
    );
    expect(escalation.subject).toBe('Eskalering: försenat steg – Genomförandeplan ska upprättas senast 17 februari 2026 – ärende KC-000042');
    expect(escalation.text).toContain('försenat sedan 18 februari 2026');
    expect(escalation.text).toContain('Det är arbetsmarknadskonsulenten som ansvarar för steget.');
    // The escalation is Stegvis's safety net, not a step of the routine, and the e-mail must not claim otherwise.
    expect(escalation.text).toContain('Stegvis lyfter försenade steg till dig som ett skyddsnät. Det är inte ett krav i rutinen');
    expect(escalation.text).not.toMatch(/enligt rutinen/);
    const social = renderNotification({ kind: 'eskalering', caseId, caseReference: 'KC-000042', deadlineKind: 'ny_bedomning', dueDate: '2026-05-04', responsibleRole: 'socialsekreterare' }, links);
    expect(social.text).toContain('Det är socialsekreteraren som ansvarar för steget.');
  });

  it('invite to a meeting in Stockholm time, with a calendar entry in UTC that a rebooking updates', () => {
    const data: NotificationData = { kind: 'kallelse', caseId, caseReference: 'KC-000042', meeting: 'inskrivningsmote', at: '2026-06-18T07:30:00Z', place: 'KC <Angered>', uid: 'case-inskrivning@stegvis', sequence: 12 };
    const message = renderNotification(data, links);
    expect(message.subject).toBe('Inskrivningsmöte 18 juni 2026 kl. 09:30 – ärende KC-000042');
    expect(message.ics?.filename).toBe('kallelse.ics');
    const ics = message.ics!.content;
    for (const line of ['METHOD:REQUEST', 'UID:case-inskrivning@stegvis', 'SEQUENCE:12', 'DTSTART:20260618T073000Z', 'DTEND:20260618T083000Z', 'LOCATION:KC <Angered>', 'SUMMARY:Inskrivningsmöte – ärende KC-000042']) {
      expect(ics.split('\r\n')).toContain(line);
    }
    const rebooked = renderNotification({ ...data, at: '2026-12-03T13:00:00Z', sequence: 13 }, links);
    expect(rebooked.subject).toBe('Inskrivningsmöte 3 december 2026 kl. 14:00 – ärende KC-000042');
    expect(rebooked.ics!.content).toMatch(/^UID:case-inskrivning@stegvis\r$/m);
    expect(rebooked.ics!.content).toMatch(/^SEQUENCE:13\r$/m);
    // The place is for the calendar entry only.
    expect(message.subject + message.text + message.html).not.toContain('Angered');
  });

  it('escape what they put into HTML', () => {
    const message = renderNotification(
      { kind: 'eskalering', caseId: 'a"b', caseReference: 'KC-<b>1</b> & "x"', deadlineKind: 'uppfoljning', dueDate: '2026-04-30', responsibleRole: "<img src=x onerror='y'>" },
      links,
    );
    expect(message.html).not.toMatch(/<b>|<img/);
    expect(message.html).toContain('KC-&#60;b&#62;1&#60;/b&#62; &#38; &#34;x&#34;');
    expect(message.html).toContain('&#60;img src=x onerror=&#39;y&#39;&#62;');
    expect(message.html).toContain('<a href="https://stegvis.example/arenden/a%22b">');
    expect(message.html).toMatch(/^<!doctype html>\n<html lang="sv">\n<head><meta charset="utf-8"><title>Eskalering: /);
    expect(message.html.match(/<p>/g)).toHaveLength(3);
  });

  it('[deadlines.email-without-personal-data] never let anything but the listed fields into a message', () => {
    const junk = {
      name: 'Unikt Klientnamn',
      personnummer: '199001011234',
      address: 'Hemliga gatan 1',
      email: 'klient@privat.example',
      phone: '0701234567',
      summary: 'Fritext om klienten',
      client: { name: 'Nästlat Klientnamn' },
    };
    for (const data of everyMessage()) {
      const all = allOf(renderNotification({ ...data, ...junk } as NotificationData, links));
      for (const value of ['Unikt Klientnamn', '199001011234', '19900101-1234', 'Hemliga gatan', 'klient@privat', '0701234567', 'Fritext', 'Nästlat']) expect(all).not.toContain(value);
      expect(all).toContain('KC-000001');
      expect(all).toContain(link);
    }
  });

  it('never let anything but the listed fields into a message, for any extra properties', () => {
    const listed = new Set(['kind', 'caseId', 'caseReference', 'deadlineKind', 'dueDate', 'responsibleRole', 'meeting', 'at', 'place', 'uid', 'sequence', 'topic', 'validUntil']);
    const extras = fc.dictionary(
      fc.stringMatching(/^[a-zA-Z]{2,12}$/).filter((key) => !listed.has(key)),
      fc.stringMatching(/^[A-Za-z0-9]{6,12}$/).map((value) => `Junk${value}`),
      { minKeys: 1, maxKeys: 6 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...everyMessage()), extras, (data, extra) => {
        const all = allOf(renderNotification({ ...data, ...extra } as NotificationData, links));
        return !all.includes('Junk');
      }),
      { numRuns: 300 },
    );
  });

  it('keep the meeting place out of everything but the .ics', () => {
    for (const data of everyMessage('Klientens hem, Storgatan 5')) {
      const message = renderNotification(data, links);
      expect(message.subject + message.text + message.html).not.toMatch(/Klientens|Storgatan/);
      if (data.kind === 'kallelse') expect(message.ics!.content).toContain('LOCATION:Klientens hem\\, Storgatan 5');
    }
  });
});
