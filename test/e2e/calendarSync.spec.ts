// The end-to-end check of two-way calendar sync: an event created on the Calendar page
// reaches the emulated mailbox after Sync now, and an event made there by "another Outlook
// client" reaches the Calendar page after the next Sync now.
import type { Browser, Page } from '@playwright/test';
import type { Emulator } from '../emulator/server';
import type { HeadlessConsole } from './headlessConsole';
import { expect, test } from './support/fixtures';
import { connectAnnToAdele, type ConsoleApi } from './support/outlookTenant';

const adele = 'adele.vance@contoso.onmicrosoft.com';

function subjectsInMailbox(emulator: Emulator, upn: string): string[] {
  const user = emulator.directory.findUser(upn)!;
  return [...emulator.directory.mailbox(user.id).events.values()].map((event) => event.fields.subject);
}

/** Ann Lee, with Outlook Calendar access, connected to Adele's mailbox; the Calendar page open. */
async function openAnnsCalendar(app: HeadlessConsole, api: ConsoleApi, page: Page, browser: Browser): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await connectAnnToAdele(app, api, page, browser, ['outlookCalendar']);
  await page.getByRole('navigation').getByText('Calendar', { exact: true }).click();
}

function tomorrowAt(hour: number): string {
  const day = new Date(Date.now() + 24 * 3600_000);
  day.setUTCHours(hour, 0, 0, 0);
  return day.toISOString().slice(0, 19);
}

test('an event made on the Calendar page reaches Outlook, and one made in Outlook reaches the page, each after Sync now', async ({
  app,
  configuredApi: api,
  tenant: { emulator },
  page,
  browser,
}) => {
  await openAnnsCalendar(app, api, page, browser);
  await page.getByRole('combobox', { name: 'User' }).click();
  await page.getByRole('option', { name: 'Ann Lee' }).click();
  await page.getByRole('button', { name: 'New event' }).click();
  const dialog = page.getByRole('dialog', { name: 'New event' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Contract review with Fabrikam');
  await dialog.getByRole('combobox', { name: /Assigned user/ }).click();
  await page.getByRole('option', { name: 'Ann Lee' }).click();
  await dialog.getByRole('button', { name: 'Create event' }).click();
  await expect(dialog).toBeHidden();
  const created = page.getByTestId('event-row').filter({ hasText: 'Contract review with Fabrikam' });
  await expect(created).toContainText('Not yet in Outlook');
  expect(subjectsInMailbox(emulator, adele)).not.toContain('Contract review with Fabrikam');

  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('calendar-notice')).toContainText('Ann Lee: in Outlook 1 created');
  expect(subjectsInMailbox(emulator, adele)).toContain('Contract review with Fabrikam');
  await expect(created).toContainText('In Outlook');
  // The demo mailbox's own events came the other way on the first sync.
  await expect(page.getByTestId('event-row').filter({ hasText: 'Pipeline review' })).toContainText('From Outlook');

  emulator.outlook.createEvent(adele, {
    subject: 'Budget call booked in Outlook',
    start: { dateTime: tomorrowAt(15), timeZone: 'UTC' },
    end: { dateTime: tomorrowAt(16), timeZone: 'UTC' },
  });
  await expect(page.getByTestId('event-row').filter({ hasText: 'Budget call booked in Outlook' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('calendar-notice')).toContainText('from Outlook 1 created');
  const fromOutlook = page.getByTestId('event-row').filter({ hasText: 'Budget call booked in Outlook' });
  await expect(fromOutlook).toContainText('From Outlook');
  await expect(fromOutlook).toContainText('Ann Lee');
  await page.screenshot({ path: 'test-results/calendar-sync.png', fullPage: true });

  // Each Sync now is a manual run of the Outlook Calendar Sync job, in its history. The 10-minute
  // schedule keeps running meanwhile, so a test crossing a :x0 minute also finds a scheduled run.
  const { runs } = await api<{ runs: Array<{ trigger: string; status: string; summary: string }> }>('jobs.history', {
    jobId: 'outlookCalendarSync',
  });
  const manualRuns = runs.filter((run) => run.trigger === 'manual');
  expect(manualRuns.map((run) => run.status)).toEqual(['success', 'success']);
  expect(manualRuns[0].summary).toContain('Sync now for Ann Lee');
  for (const run of runs.filter((entry) => entry.trigger !== 'manual')) {
    expect([run.trigger, run.status]).toEqual(['schedule', expect.stringMatching(/^(success|skipped)$/)]);
  }
});

test('a weekly series made in the event dialog goes to Outlook as one series, and its occurrences come back under it', async ({
  app,
  configuredApi: api,
  tenant: { emulator },
  page,
  browser,
}) => {
  await openAnnsCalendar(app, api, page, browser);
  await page.getByRole('button', { name: 'New event' }).click();
  const dialog = page.getByRole('dialog', { name: 'New event' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Weekly pipeline');
  await dialog.getByRole('combobox', { name: /Assigned user/ }).click();
  await page.getByRole('option', { name: 'Ann Lee' }).click();
  await dialog.getByRole('combobox', { name: 'Repeats' }).click();
  await page.getByRole('option', { name: 'Weekly' }).click();
  await dialog.getByRole('radio', { name: 'After' }).check();
  await dialog.getByRole('spinbutton', { name: 'Number of occurrences' }).fill('3');
  await dialog.getByRole('button', { name: 'Create event' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('event-row').filter({ hasText: 'Weekly pipeline' })).toContainText('Series');

  await page.getByRole('combobox', { name: 'User' }).click();
  await page.getByRole('option', { name: 'Ann Lee' }).click();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('calendar-notice')).toContainText('Ann Lee: in Outlook 1 created');
  const user = emulator.directory.findUser(adele)!;
  const inOutlook = [...emulator.directory.mailbox(user.id).events.values()].filter((event) => event.fields.subject === 'Weekly pipeline');
  expect(inOutlook).toHaveLength(1);
  expect(inOutlook[0].recurrence).toMatchObject({ pattern: { type: 'weekly' }, range: { type: 'numbered', numberOfOccurrences: 3 } });
  await expect(
    page.getByTestId('event-row').filter({ hasText: 'Occurrence of a series' }).filter({ hasText: 'Weekly pipeline' }),
  ).toHaveCount(3);
});
