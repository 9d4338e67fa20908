// Add online meeting, against the strict emulator: the meeting goes out with the provider the
// user's calendar allows and comes back with its join link; a calendar that allows none is
// explained in words and the event still reaches Outlook, without a meeting.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../support/tempDir';
import { ADELE, createSyncHarness, daysAhead, meeting, type SyncHarness } from './syncHarness';

const tempDir = useTempDirs();
let h: SyncHarness;
beforeEach(async () => {
  h = await createSyncHarness(tempDir());
});
afterEach(() => h.close());

describe('online meetings', () => {
  it('a meeting with "Add online meeting" gets a Teams meeting in Outlook and its join link here', async () => {
    const id = h.events.insert({ ...meeting('Customer demo', h.adele.id, daysAhead(2)), onlineMeeting: true }, 'console', new Date());
    const outcome = await h.sync(h.adele);
    expect(outcome.errors).toEqual([]);
    const inOutlook = h.mailboxEvent(ADELE, 'Customer demo')!;
    expect(inOutlook.fields).toMatchObject({ isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness' });
    expect(h.events.find(id)).toMatchObject({ onlineMeeting: true, joinUrl: inOutlook.onlineMeeting!.joinUrl });
    // The calendar was read for its providers once, only because an event asked for a meeting.
    expect(h.graphRequests().filter((entry) => entry.path.includes('allowedOnlineMeetingProviders'))).toHaveLength(1);
  });

  it('a Teams meeting made in Outlook arrives with its join link', async () => {
    h.emulator.outlook.createEvent(ADELE, {
      subject: 'Outlook Teams call',
      start: { dateTime: daysAhead(3).slice(0, 19), timeZone: 'UTC' },
      end: { dateTime: daysAhead(3, 10).slice(0, 19), timeZone: 'UTC' },
      isOnlineMeeting: true,
    });
    await h.sync(h.adele);
    expect(h.eventNamed('Outlook Teams call')[0]).toMatchObject({
      onlineMeeting: true,
      joinUrl: expect.stringMatching(/^https:\/\/teams\.microsoft\.com\//),
    });
  });

  it('a calendar that allows no online meeting provider: the event goes without one and the run says why in words', async () => {
    h.emulator.outlook.setOnlineMeetingProviders(ADELE, []);
    const id = h.events.insert({ ...meeting('Board call', h.adele.id, daysAhead(2)), onlineMeeting: true }, 'console', new Date());
    const outcome = await h.sync(h.adele);
    expect(outcome.toOutlook.created).toBe(1);
    expect(h.mailboxEvent(ADELE, 'Board call')!.fields.isOnlineMeeting).toBe(false);
    expect(outcome.errors).toEqual([
      expect.objectContaining({
        message:
          '"Board call" was sent to Outlook without an online meeting: Adele Vance\'s Outlook calendar allows no online meeting provider.',
        explanation: expect.stringContaining('Teams licence'),
      }),
    ]);
    expect(h.events.find(id)).toMatchObject({ onlineMeeting: true, joinUrl: null });
  });
});
