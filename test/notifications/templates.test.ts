import { describe, expect, it } from 'vitest';
import { DEADLINE_KINDS } from '../../src/deadlines/deadline-policy';
import { renderNotification, swedishDate, type NotificationData } from '../../src/notifications/templates';

const links = { publicBaseUrl: 'https://stegvis.example' };
const caseId = '6f1c2a3b-0000-4000-8000-000000000001';

describe('e-mail templates', () => {
  it('write dates in Swedish', () => {
    expect(swedishDate('2026-12-24')).toBe('24 december 2026');
    expect(swedishDate('2027-01-06')).toBe('6 januari 2027');
  });

  it('say the step, the date, the case reference and the link', () => {
    const message = renderNotification(
      { kind: 'paminnelse', caseId, caseReference: 'KC-000042', deadlineKind: 'uppfoljning', dueDate: '2026-04-30', responsibleRole: 'socialsekreterare' },
      links,
    );
    expect(message.subject).toBe('Påminnelse: Uppföljning ska hållas senast 30 april 2026 – ärende KC-000042');
    expect(message.text).toContain(`https://stegvis.example/cases/${caseId}`);
    expect(message.html).toContain(`<a href="https://stegvis.example/cases/${caseId}">`);
    const escalation = renderNotification(
      { kind: 'eskalering', caseId, caseReference: 'KC-000042', deadlineKind: 'genomforandeplan_upprattad', dueDate: '2026-02-17', responsibleRole: 'arbetsmarknadskonsulent' },
      links,
    );
    expect(escalation.text).toMatch(/arbetsmarknadskonsulentens ansvar/);
    expect(escalation.subject).toMatch(/^Eskalering: Genomförandeplan ska upprättas försenad sedan 17 februari 2026/);
  });

  it('invite to a meeting with a calendar entry in UTC that a rebooking updates', () => {
    const data: NotificationData = { kind: 'kallelse', caseId, caseReference: 'KC-000042', meeting: 'inskrivningsmote', at: '2026-06-18T09:30:00+02:00', place: 'KC <Angered>', uid: 'case-inskrivning@stegvis', sequence: 12 };
    const message = renderNotification(data, links);
    expect(message.subject).toBe('Inskrivningsmöte 18 juni 2026 kl. 09:30 – ärende KC-000042');
    expect(message.ics?.content).toMatch(/DTSTART:20260618T073000Z/);
    expect(message.ics?.content).toMatch(/UID:case-inskrivning@stegvis/);
    expect(message.ics?.content).toMatch(/SEQUENCE:12/);
    expect(message.ics?.content).toMatch(/METHOD:REQUEST/);
    // The place is for the calendar entry only.
    expect(message.text).not.toContain('Angered');
    expect(message.html).not.toContain('Angered');
  });

  it('never let anything but the listed fields into a message', () => {
    const junk = { name: 'Unikt Klientnamn', personnummer: '199001011234', address: 'Hemliga gatan 1', summary: 'Fritext om klienten' };
    const all: NotificationData[] = [
      ...(['paminnelse', 'forfallen', 'eskalering'] as const).flatMap((kind) =>
        DEADLINE_KINDS.map((deadlineKind) => ({ kind, caseId, caseReference: 'KC-000001', deadlineKind, dueDate: '2026-12-24', responsibleRole: 'socialsekreterare' })),
      ),
      ...(['inskrivningsmote', 'uppfoljningsmote', 'trepartsmote'] as const).map((meeting) => ({ kind: 'kallelse' as const, caseId, caseReference: 'KC-000001', meeting, at: '2026-03-01T10:00:00Z', place: null, uid: 'u', sequence: 1 })),
    ];
    for (const data of all) {
      const message = renderNotification({ ...data, ...junk } as NotificationData, links);
      const everything = JSON.stringify(message);
      for (const value of Object.values(junk)) expect(everything).not.toContain(value);
    }
  });
});
