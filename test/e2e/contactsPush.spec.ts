// Contacts selected on the Contacts page reach the user's Outlook contacts in the emulated mailbox;
// the push is a run of the Contacts push to Outlook job, its detail on the Scheduled jobs page.
import { expect, test } from './support/fixtures';
import { connectAnnToAdele } from './support/outlookTenant';

test('selects contacts in the list, pushes them, and finds them in the emulated mailbox', async ({
  app,
  configuredApi: api,
  tenant: { emulator },
  page,
  browser,
}) => {
  await connectAnnToAdele(app, api, page, browser, ['outlookContacts']);

  await page.getByRole('navigation').getByText('Contacts', { exact: true }).click();
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import contacts' });
  await dialog
    .getByRole('textbox', { name: 'CSV rows' })
    .fill(
      'first name,last name,email,phone,company\nNestor,Wilke,nestor@fabrikam.example,+1 425 555 0100,Fabrikam\nIsaiah,Langer,isaiah@tailspin.example,,Tailspin\n',
    );
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await dialog.getByRole('button', { name: 'Import 2 contacts' }).click();
  await dialog.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('checkbox', { name: 'Select all contacts on this page' }).check();
  await page.getByRole('button', { name: 'Push to Outlook (2 selected)' }).click();
  const push = page.getByRole('dialog', { name: 'Push 2 selected to Outlook' });
  await push.getByRole('checkbox', { name: /Ann Lee/ }).check();
  await push.getByRole('button', { name: 'Push', exact: true }).click();
  await expect(page.getByText('Done').first()).toBeVisible({ timeout: 15_000 });

  const mailbox = emulator.directory.mailbox(emulator.directory.findUser('adele.vance@contoso.onmicrosoft.com')!.id);
  await expect
    .poll(() => [...mailbox.contacts.values()].map((contact) => contact.fields.surname))
    .toEqual(expect.arrayContaining(['Langer', 'Wilke']));
  const wilke = [...mailbox.contacts.values()].find((contact) => contact.fields.surname === 'Wilke');
  expect(wilke?.fields).toMatchObject({ givenName: 'Nestor', companyName: 'Fabrikam' });

  // The push is a run of the on-demand job: its history and detail are on the Scheduled jobs page.
  await push.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('navigation').getByText('Scheduled jobs', { exact: true }).click();
  await page.getByRole('tab', { name: 'Contacts push to Outlook' }).click();
  await page.getByTestId('history-row').first().click();
  const detail = page.getByTestId('run-detail');
  await expect(detail.getByTestId('user-result')).toContainText('Ann Lee');
  await expect(detail.getByTestId('run-log')).toContainText('Contacts push started: 2 records to 1 user.');
});
