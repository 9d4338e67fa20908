import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ContractError } from '../../../../src/shared/contract';
import { CalendarPage } from '../../../../src/renderer/src/pages/calendar/CalendarPage';
import { deferred, fakeConsole, renderWithConsole } from '../../support/fakeConsole';
import { workspaceEvent, workspaceUser } from '../../support/fixtures';

function calendarConsole() {
  const fake = fakeConsole();
  fake.answer('access.overview', () => ({ users: [workspaceUser(1, 'Ann Lee')], roles: [] }));
  return fake;
}

const eventRows = () => screen.queryAllByTestId('event-row');

describe('Calendar page', () => {
  it('shows the events once the console answers, and nothing before', async () => {
    const fake = calendarConsole();
    const answer = deferred<{ events: ReturnType<typeof workspaceEvent>[]; total: number }>();
    fake.answer('calendar.listEvents', () => answer.promise);
    renderWithConsole(<CalendarPage />, fake, { page: 'calendar' });

    expect(screen.getByText(/No events match/)).toBeTruthy();
    answer.resolve({ events: [workspaceEvent(7, 'Quarterly review', { assignedUserId: 1 })], total: 1 });
    await waitFor(() => expect(eventRows()).toHaveLength(1));
    expect(within(eventRows()[0]).getByText('Quarterly review')).toBeTruthy();
    expect(within(eventRows()[0]).getByText('Ann Lee')).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Events: 1 of 1' })).toBeTruthy();
  });

  it('reads the events again when the console says the calendar changed', async () => {
    const fake = calendarConsole();
    let events = [workspaceEvent(7, 'Quarterly review')];
    fake.answer('calendar.listEvents', () => ({ events, total: events.length }));
    renderWithConsole(<CalendarPage />, fake, { page: 'calendar' });
    await waitFor(() => expect(eventRows()).toHaveLength(1));

    events = [...events, workspaceEvent(8, 'Call with Fabrikam', { kind: 'call' })];
    fake.emit('calendar.changed', { at: '2026-11-26T10:05:00.000Z' });
    await waitFor(() => expect(eventRows()).toHaveLength(2));
    expect(screen.getByText('Call with Fabrikam')).toBeTruthy();
    expect(fake.callsOf('calendar.listEvents')).toHaveLength(2);
  });

  it('says in words why a delete failed, and keeps the event listed', async () => {
    const fake = calendarConsole();
    fake.answer('calendar.listEvents', () => ({ events: [workspaceEvent(7, 'Quarterly review')], total: 1 }));
    fake.answer('calendar.deleteEvent', () => {
      throw new ContractError('NOT_FOUND', 'Event 7 does not exist any more: someone deleted it. Reload the list.');
    });
    renderWithConsole(<CalendarPage />, fake, { page: 'calendar' });
    await waitFor(() => expect(eventRows()).toHaveLength(1));

    fireEvent.click(screen.getByRole('button', { name: 'Delete Quarterly review' }));
    const notice = await screen.findByTestId('calendar-notice');
    expect(notice.textContent).toContain('Event 7 does not exist any more: someone deleted it. Reload the list.');
    expect(fake.callsOf('calendar.deleteEvent')).toEqual([{ id: 7 }]);
    expect(eventRows()).toHaveLength(1);
  });

  it('says a delete was done and reads the list again', async () => {
    const fake = calendarConsole();
    fake.answer('calendar.listEvents', () => ({ events: [workspaceEvent(7, 'Quarterly review')], total: 1 }));
    fake.answer('calendar.deleteEvent', () => undefined);
    renderWithConsole(<CalendarPage />, fake, { page: 'calendar' });
    await waitFor(() => expect(eventRows()).toHaveLength(1));

    fireEvent.click(screen.getByRole('button', { name: 'Delete Quarterly review' }));
    await waitFor(() => expect(screen.getByTestId('calendar-notice').textContent).toBe('"Quarterly review" was deleted.'));
    await waitFor(() => expect(fake.callsOf('calendar.listEvents')).toHaveLength(2));
  });
});
