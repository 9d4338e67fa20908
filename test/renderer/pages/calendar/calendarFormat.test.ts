import { describe, expect, it } from 'vitest';
import { describeSyncOutcome } from '../../../../src/renderer/src/pages/calendar/calendarFormat';

// The notice after Sync now (issue 20: after Disconnect it said the same thing twice).
describe('the Sync now notice', () => {
  const noAccount = {
    message: 'No Outlook account is connected.',
    explanation:
      'This user has no Outlook account connected (it was disconnected, or never connected). Connect one on the Accounts page, then sync again.',
  };

  it('says a failed sync’s reason once: the summary already carries it', () => {
    const text = describeSyncOutcome({ summary: `Diego Siciliani: the sync failed. ${noAccount.explanation}`, errors: [noAccount] });
    expect(text).toBe(`Diego Siciliani: the sync failed. ${noAccount.explanation}`);
    expect(text.split('no Outlook account connected')).toHaveLength(2);
  });

  it('adds each error of a synced user, message and explanation, after the summary', () => {
    const meeting = { message: '"Board call" was sent to Outlook without an online meeting.', explanation: 'Its calendar allows none.' };
    expect(describeSyncOutcome({ summary: 'Ann Lee: in Outlook 1 created.', errors: [meeting] })).toBe(
      'Ann Lee: in Outlook 1 created. "Board call" was sent to Outlook without an online meeting. Its calendar allows none.',
    );
  });
});
