// The guide's Troubleshooting, end to end: a connected Outlook account (the emulator as a custom
// cloud), the log level switched to DEBUG, a sync run from Scheduled jobs whose Graph requests
// stream into the Logs page at DEBUG, a filter, a log bundle free of every secret and token used,
// and Diagnostics with the client secret's expiry red and explained.
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test } from './support/fixtures';
import { configureEmulatorIntegration, connectAnnToAdele } from './support/outlookTenant';

test('DEBUG entries of a sync stream in and filter; the bundle holds no secret; Diagnostics explains an expired secret', async ({
  app,
  api,
  tenant: { emulator, demo, issuedTokens },
  page,
  browser,
}) => {
  await configureEmulatorIntegration(api, emulator, demo, { features: { contacts: false } });
  await page.setViewportSize({ width: 1440, height: 900 });
  await connectAnnToAdele(app, api, page, browser, ['outlookCalendar']);

  // DEBUG on the Logs page.
  await page.getByRole('navigation').getByText('Logs', { exact: true }).click();
  await page.getByRole('combobox', { name: 'Log level' }).click();
  await page.getByRole('option', { name: 'DEBUG' }).click();
  await expect(page.getByText('Log level is now DEBUG.')).toBeVisible();

  // A sync from Scheduled jobs; then its Graph requests are on the Logs page, at DEBUG, without a reload.
  await page.getByRole('navigation').getByText('Scheduled jobs', { exact: true }).click();
  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByTestId('history-row').first()).toContainText('Success');
  await page.getByRole('navigation').getByText('Logs', { exact: true }).click();
  const rows = page.getByTestId('log-row');
  await expect(rows.filter({ hasText: 'Ann Lee: Graph GET' }).first()).toBeVisible();

  // Only DEBUG, and only the calendar requests.
  const levels = page.getByRole('toolbar', { name: 'Levels shown' });
  for (const level of ['INFO', 'NOTICE', 'WARNING', 'ERROR']) await levels.getByRole('button', { name: level }).click();
  await page.getByRole('textbox', { name: 'Search' }).fill('/calendar');
  await expect(rows.first()).toBeVisible();
  const shown = await rows.allInnerTexts();
  expect(shown.length).toBeGreaterThan(0);
  // The text filter also searches an entry's fields, so a row's message need not hold the text
  // itself (a series master read, say); every row is still a DEBUG Graph request.
  for (const text of shown) {
    expect(text).toContain('DEBUG');
    expect(text).toMatch(/Ann Lee: Graph (GET|POST|PATCH|DELETE) \S+/);
  }
  expect(shown.some((text) => /Graph GET \S*\/calendar/i.test(text))).toBe(true);
  await expect(rows.locator('mark').first()).toHaveText(/\/calendar/i);
  await page.screenshot({ path: 'test-results/troubleshooting-debug-entries.png' });

  // The bundle: the DEBUG entries are in it, no secret or token is.
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export log bundle' }).click();
  const files = unzipSync(new Uint8Array(readFileSync(await (await downloadPromise).path())));
  const everything = Object.values(files)
    .map((bytes) => strFromU8(bytes))
    .join('\n');
  expect(everything).toContain('Ann Lee: Graph GET');
  expect(issuedTokens.length).toBeGreaterThanOrEqual(2);
  for (const secret of [demo.clientSecret, app.token, ...issuedTokens]) {
    expect(everything.includes(secret), 'a secret or token in the log bundle').toBe(false);
    expect(everything.includes(Buffer.from(secret).toString('base64')), 'a secret or token, base64, in the log bundle').toBe(false);
  }

  // The secret's recorded expiry has passed: Diagnostics shows it red, with the fix.
  await configureEmulatorIntegration(api, emulator, demo, { features: { contacts: false }, secretExpiresOn: '2026-01-31' });
  await page.getByRole('navigation').getByText('Diagnostics', { exact: true }).click();
  await page.getByRole('button', { name: 'Run all checks' }).click();
  const secretCheck = page.getByTestId('check-integration.secret');
  await expect(secretCheck).toContainText('Problem');
  await expect(secretCheck).toContainText('expired');
  await expect(secretCheck).toContainText('Fix: Create a new secret in the Entra admin centre and paste its Value');
  await expect(page.getByTestId('check-accounts.tokens')).toContainText('1 connected account can get a token.');
  await expect(page.getByTestId('check-mail.smtp')).toContainText(
    'The email sending (SMTP) feature is switched off on the Integration page.',
  );
  await expect(page.getByTestId('check-mail.imap')).toContainText(
    'The email fetching (IMAP) feature is switched off on the Integration page.',
  );
  await page.screenshot({ path: 'test-results/troubleshooting-diagnostics.png', fullPage: true });
});
