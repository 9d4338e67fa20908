// Teams meetings end to end: a meeting with "Add online meeting" made on the Calendar page gets its
// join link from (emulated) Outlook at the next Sync now, shown on the page; when the user's
// calendar allows no online meeting provider, the page says so in words, on the event too.
import type { Browser, Page } from '@playwright/test';
import type { Emulator } from '../emulator/server';
import type { HeadlessConsole } from './headlessConsole';
import { expect, test } from './support/fixtures';
import { connectAnnToAdele, type ConsoleApi } from './support/outlookTenant';

const adele = 'adele.vance@contoso.onmicrosoft.com';

// A sign-in in a second page and two syncs: slow on a loaded machine.
test.describe.configure({ timeout: 150_000 });

function inMailbox(emulator: Emulator, subject: string) {
  const user = emulator.directory.findUser(adele)!;
  return [...emulator.directory.mailbox(user.id).events.values()].filter((event) => event.fields.subject === subject);
}

/** Ann Lee connected to Adele's mailbox; the Calendar page open. */
async function openAnnsCalendar(app: HeadlessConsole, api: ConsoleApi, page: Page, browser: Browser): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await connectAnnToAdele(app, api, page, browser, ['outlookCalendar']);
  await page.getByRole('navigation').getByText('Calendar', { exact: true }).click();
}

/** Sync now for Ann Lee, chosen in the page's User filter. */
async function syncAnn(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'User' }).click();
  await page.getByRole('option', { name: 'Ann Lee' }).click();
  await page.getByRole('button', { name: 'Sync now' }).click();
}

async function createOnlineMeeting(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'New event' }).click();
  const dialog = page.getByRole('dialog', { name: 'New event' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await dialog.getByRole('combobox', { name: /Assigned user/ }).click();
  await page.getByRole('option', { name: 'Ann Lee' }).click();
  await dialog.getByRole('checkbox', { name: 'Add online meeting' }).check();
  await dialog.getByRole('button', { name: 'Create event' }).click();
  await expect(dialog).toBeHidden();
}

test('a meeting with "Add online meeting" gets its Teams join link from Outlook, shown on the Calendar page', async ({
  app,
  configuredApi: api,
  tenant: { emulator },
  page,
  browser,
}) => {
  await openAnnsCalendar(app, api, page, browser);
  await createOnlineMeeting(page, 'Customer demo with Fabrikam');
  const row = page.getByTestId('event-row').filter({ hasText: 'Customer demo with Fabrikam' });
  await expect(row).toContainText('Not yet in Outlook');
  await expect(row).not.toContainText('Online meeting');

  await syncAnn(page);
  await expect(page.getByTestId('calendar-notice')).toContainText('Ann Lee: in Outlook 1 created');
  const [sent] = inMailbox(emulator, 'Customer demo with Fabrikam');
  expect(sent.fields).toMatchObject({ isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness' });
  const joinUrl = sent.onlineMeeting!.joinUrl;
  expect(joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);

  await expect(row).toContainText('Online meeting');
  await expect(row).not.toContainText('No online meeting');
  await row.getByRole('button', { name: 'Customer demo with Fabrikam', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit Customer demo with Fabrikam' });
  await expect(dialog.getByRole('checkbox', { name: 'Add online meeting' })).toBeChecked();
  const link = dialog.getByRole('link', { name: 'Join the online meeting' });
  await expect(link).toHaveAttribute('href', joinUrl);
  await page.screenshot({ path: 'test-results/online-meeting-join-link.png' });
});

test('a calendar that allows no online meeting provider: the meeting still reaches Outlook, and the page says why in words', async ({
  app,
  configuredApi: api,
  tenant: { emulator },
  page,
  browser,
}) => {
  emulator.outlook.setOnlineMeetingProviders(adele, []);
  await openAnnsCalendar(app, api, page, browser);
  await createOnlineMeeting(page, 'Board call');

  await syncAnn(page);
  const notice = page.getByTestId('calendar-notice');
  await expect(notice).toContainText('Ann Lee: in Outlook 1 created');
  await expect(notice).toContainText(
    '"Board call" was sent to Outlook without an online meeting: Ann Lee\'s Outlook calendar allows no online meeting provider.',
  );
  await expect(notice).toContainText('Teams licence');
  const [sent] = inMailbox(emulator, 'Board call');
  expect(sent.fields.isOnlineMeeting).toBe(false);

  // The event itself keeps saying it, after the notice is gone.
  const row = page.getByTestId('event-row').filter({ hasText: 'Board call' });
  await expect(row).toContainText('In Outlook');
  await expect(row.getByText('No online meeting')).toHaveAttribute('title', /calendar may allow no online meeting provider/);
  await page.reload();
  await row.getByRole('button', { name: 'Board call', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit Board call' });
  await expect(dialog).toContainText('Outlook has not made an online meeting for this event');
  await expect(dialog.getByRole('link', { name: 'Join the online meeting' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/online-meeting-not-allowed.png' });
});
