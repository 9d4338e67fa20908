import { expect, test } from './support/fixtures';

test('creates, edits, filters and deletes an event on the Calendar page; Sync now explains a missing access', async ({ app, page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // Refused saves answer 400, Sync now without access 403 and the calendar list without an account 409, on purpose.
    if (message.type() === 'error' && !/status of (400|403|409)/.test(message.text())) errors.push(message.text());
  });
  await page.goto(app.url);
  // A user to assign events to, added on the Access control page.
  await page.getByRole('navigation').getByText('Access control', { exact: true }).click();
  await page.getByRole('tab', { name: /^Users/ }).click();
  await page.getByRole('button', { name: 'Add user' }).click();
  const userDialog = page.getByRole('dialog', { name: 'Add user' });
  await userDialog.getByRole('textbox', { name: 'Name' }).fill('Ann Lee');
  await userDialog.getByRole('textbox', { name: 'Email' }).fill('ann.lee@example.com');
  await userDialog.getByRole('button', { name: 'Add user' }).click();
  await expect(userDialog).toBeHidden();

  await page.getByRole('navigation').getByText('Calendar', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Calendar' })).toBeVisible();
  await expect(page.getByText('No events match.')).toBeVisible();

  await page.getByRole('button', { name: 'New event' }).click();
  const dialog = page.getByRole('dialog', { name: 'New event' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Kick-off with Fabrikam');
  await dialog.getByRole('checkbox', { name: 'All day' }).check();
  await dialog.getByLabel('First day').fill('2027-02-10');
  await dialog.getByLabel('Last day').fill('2027-02-09');
  await dialog.getByRole('combobox', { name: /Assigned user/ }).click();
  await page.getByRole('option', { name: 'Ann Lee' }).click();
  await dialog.getByRole('textbox', { name: 'Attendees' }).fill('ann.lee@example.com, guest@fabrikam.example');
  await dialog.getByRole('button', { name: 'Create event' }).click();
  await expect(dialog.getByText('The end date must be after the start date')).toBeVisible();
  await dialog.getByLabel('Last day').fill('2027-02-11');
  // Enter submits the form.
  await dialog.getByRole('textbox', { name: 'Location' }).fill('Room 4');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  const row = page.getByTestId('event-row').filter({ hasText: 'Kick-off with Fabrikam' });
  await expect(row).toContainText('Wed, Feb 10, 2027 – Thu, Feb 11, 2027 (all day)');
  await expect(row).toContainText('Ann Lee');
  await expect(row).toContainText('Not yet in Outlook');

  // Edit it, then filter.
  await row.getByRole('button', { name: 'Kick-off with Fabrikam', exact: true }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Kick-off with Fabrikam' });
  await edit.getByRole('radio', { name: 'Call' }).check();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await page.getByRole('combobox', { name: 'Type' }).click();
  await page.getByRole('option', { name: 'Meetings', exact: true }).click();
  await expect(page.getByText('No events match.')).toBeVisible();
  await page.getByRole('combobox', { name: 'Type' }).click();
  await page.getByRole('option', { name: 'Calls', exact: true }).click();
  await expect(row).toContainText('Call');

  // Sync now for a user without Outlook Calendar access says why and what to do.
  await page.getByRole('combobox', { name: 'User' }).click();
  await page.getByRole('option', { name: 'Ann Lee' }).click();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('calendar-notice')).toContainText('Ann Lee has no Outlook Calendar access');

  // The settings panel: the calendar list needs a connected account and says so.
  await page.getByRole('button', { name: 'Calendar settings' }).click();
  const settings = page.getByRole('group', { name: 'Calendar settings of Ann Lee' });
  await expect(settings).toContainText('no Outlook account connected');
  await settings.getByRole('radio', { name: 'Console → Outlook' }).check();
  await settings.getByRole('checkbox', { name: 'Meetings', exact: true }).uncheck();
  await settings.getByRole('checkbox', { name: 'Calls', exact: true }).uncheck();
  await settings.getByRole('button', { name: 'Save calendar settings' }).click();
  await expect(settings.getByText('Choose meetings, calls or both to sync.')).toBeVisible();
  await settings.getByRole('checkbox', { name: 'Calls' }).check();
  await settings.getByRole('button', { name: 'Save calendar settings' }).click();
  await expect(settings.getByText('Calendar settings of Ann Lee saved.')).toBeVisible();
  await page.screenshot({ path: 'test-results/calendar-page.png', fullPage: true });

  // Reset asks first.
  await page.getByRole('button', { name: 'Reset sync…' }).click();
  const reset = page.getByRole('alertdialog', { name: 'Reset the calendar sync of Ann Lee?' });
  await expect(reset.getByRole('radio', { name: /Keep them/ })).toBeChecked();
  await reset.getByRole('button', { name: 'Cancel' }).click();
  await expect(reset).toBeHidden();

  await row.getByRole('button', { name: 'Delete Kick-off with Fabrikam' }).click();
  await expect(page.getByText('No events match.')).toBeVisible();
  expect(errors).toEqual([]);
});
