import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect, test } from './support/fixtures';
import { filesHolding } from './support/filesHolding';
import type { Page } from '@playwright/test';
import type { HeadlessConsole } from './headlessConsole';
import { consoleUrlAt } from './support/consoleAddress';

const secret = 'Qz8Q~e2e.Secret-Value_4f1b9c2d7e6a5b3c8d0e';
const clientId = '0b5e6a2c-1234-4cde-9f00-123456789abc';

// Dates read as an en-US browser writes them ("Nov 26, 2028").
test.use({ locale: 'en-US' });

/** Every /api answer the page receives, and every event the core streams, as text. */
function captureApiTraffic(page: Page, console: HeadlessConsole) {
  const answers: string[] = [];
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.postData() ?? ''));
  page.on('response', async (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith('/api/') || url.pathname === '/api/events') return;
    answers.push(`${url.pathname} ${await response.text()}`);
  });
  let streamed = '';
  const stream = new AbortController();
  void fetch(`${console.origin}/api/events`, { headers: { Authorization: `Bearer ${console.token}` }, signal: stream.signal })
    .then(async (response) => {
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        streamed += value;
      }
    })
    .catch(() => {});
  return { answers, requests, streamed: () => streamed, stop: () => stream.abort() };
}

test('fills the Integration page, saves, reloads, and the secret is nowhere but encrypted in the vault', async ({ app, page }) => {
  const traffic = captureApiTraffic(page, app);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(consoleUrlAt(app, '/integration'));
  const clientIdInput = page.getByRole('textbox', { name: 'Client ID' });
  await expect(clientIdInput).toBeVisible();

  // A wrong Client ID: the error names the field and the fix, and nothing is saved.
  await page.getByRole('switch', { name: /^Enabled/ }).click();
  await clientIdInput.fill('my-app');
  await page.getByRole('textbox', { name: 'Tenant' }).fill('contoso.onmicrosoft.com');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Not saved')).toBeVisible();
  await expect(page.getByText('Correct Client ID, Secret value: see the message under each.')).toBeVisible();
  await expect(page.getByText(/The Client ID must be a GUID/)).toBeVisible();
  await expect(page.getByText(/Paste the client secret’s Value before enabling/)).toBeVisible();

  // Pasting the Secret ID is caught while typing.
  const secretInput = page.getByLabel('Secret value');
  await secretInput.fill('6f1e2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b');
  await expect(page.getByText(/looks like the Secret ID/)).toBeVisible();

  await clientIdInput.fill(clientId);
  await secretInput.fill(secret);
  await page.getByLabel('Expires on').fill('2028-11-26');
  await page.getByRole('switch', { name: /SMTP\.Send/ }).click();
  await expect(page.getByText('https://graph.microsoft.com/SMTP.Send', { exact: true })).toBeVisible();
  // SMTP AUTH takes a token for Exchange Online, and the server is the cloud's unless overridden.
  await expect(page.getByText('token for the mail server: https://outlook.office.com/SMTP.Send')).toBeVisible();
  const smtpHost = page.getByRole('textbox', { name: 'SMTP server' });
  await expect(smtpHost).toHaveAttribute('placeholder', 'smtp.office365.com');
  await smtpHost.fill('smtps://mail.contoso.com');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(/The SMTP server must be a host name such as smtp\.office365\.com/)).toBeVisible();
  await smtpHost.fill('mail.contoso.com');
  // Enter in a field submits the form.
  await clientIdInput.press('Enter');
  await expect(page.getByText(/^Saved at/)).toBeVisible();
  await expect(page.getByTestId('status-integration')).toHaveText('Integration: on');
  await expect(page.getByTestId('status-secret-expiry')).toHaveText('Client secret valid until Nov 26, 2028');

  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Client ID' })).toHaveValue(clientId);
  await expect(page.getByRole('textbox', { name: 'Tenant' })).toHaveValue('contoso.onmicrosoft.com');
  await expect(page.getByRole('switch', { name: /SMTP\.Send/ })).toBeChecked();
  await expect(page.getByRole('textbox', { name: 'SMTP server' })).toHaveValue('mail.contoso.com');
  await expect(page.getByRole('switch', { name: /^Enabled/ })).toBeChecked();
  await expect(page.getByTestId('secret-status')).toContainText('Set');
  await expect(page.getByTestId('secret-status')).toContainText('Set on');
  await expect(page.getByTestId('secret-status')).toContainText('expires Nov 26, 2028');
  await expect(page.getByLabel(/New secret value/)).toHaveValue('');

  // Admin consent: headless mode cannot open a browser, so the link is shown to copy.
  await page.getByRole('button', { name: 'Grant admin consent' }).click();
  const consentUrl = new URL((await page.getByTestId('consent-url').textContent())!);
  expect(`${consentUrl.origin}${consentUrl.pathname}`).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/adminconsent');
  expect(consentUrl.searchParams.get('client_id')).toBe(clientId);
  expect(consentUrl.searchParams.get('scope')).toBe(
    'offline_access https://graph.microsoft.com/User.Read https://graph.microsoft.com/Calendars.ReadWrite https://graph.microsoft.com/Contacts.ReadWrite https://graph.microsoft.com/SMTP.Send',
  );
  // The answer comes to a loopback listener opened for this attempt, on a free port.
  expect(consentUrl.searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+\/oauth\/callback$/);
  await expect(page.getByRole('button', { name: 'Grant admin consent' })).toBeEnabled();
  await page.screenshot({ path: 'test-results/integration-page.png' });

  traffic.stop();
  // The capture works: the secret did travel from the page to the core, with the refused save and the saved one.
  expect(traffic.requests.filter((body) => body.includes(secret))).toHaveLength(2);
  const leaks = traffic.answers.filter((answer) => answer.includes(secret));
  expect(traffic.answers.length).toBeGreaterThan(5);
  expect(leaks).toEqual([]);
  expect(traffic.streamed()).toContain('integration.changed');
  expect(traffic.streamed()).not.toContain(secret);
  expect(app.output()).not.toContain(secret);

  let inspected: string[] = [];
  let held: string[] = ['not inspected'];
  let vaultRows: { name: string; bytes: number; backend: string }[] = [];
  expect(
    await app.stop((dataDir) => {
      inspected = readdirSync(dataDir, { recursive: true, encoding: 'utf8' });
      held = filesHolding(dataDir, secret);
      const db = new DatabaseSync(join(dataDir, 'workspace.db'), { readOnly: true });
      vaultRows = db.prepare('SELECT name, length(cipher) AS bytes, backend FROM vault_secrets').all() as typeof vaultRows;
      db.close();
    }),
  ).toBe(0);
  // It is stored, encrypted with the key file.
  expect(vaultRows).toEqual([{ name: 'integration.clientSecret', bytes: expect.any(Number), backend: 'key_file' }]);
  expect(inspected).toEqual(expect.arrayContaining(['settings.json', 'workspace.db', 'secrets.key']));
  expect(held).toEqual([]);
  expect(app.output()).not.toContain(secret);
});

test('exports the configuration without the secret and imports it after showing the changes', async ({ app, page }) => {
  await page.goto(consoleUrlAt(app, '/integration'));
  await page.getByRole('textbox', { name: 'Client ID' }).fill(clientId);
  await page.getByLabel('Secret value').fill(secret);
  await page.getByRole('radio', { name: /any organisation \(multitenant\)/ }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(/^Saved at/)).toBeVisible();

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export configuration' }).click();
  const download = await downloading;
  const exported = readFileSync((await download.path())!, 'utf8');
  expect(exported).not.toContain(secret);
  const document = JSON.parse(exported);
  expect(document.integration).toMatchObject({ clientId, accountType: 'organizations' });

  document.integration.cloud = 'usGov';
  document.integration.features.imap = true;
  await page
    .getByLabel('Configuration file to import')
    .setInputFiles({ name: 'moved.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(document)) });
  const dialog = page.getByRole('dialog', { name: 'Apply this configuration?' });
  await expect(dialog.getByRole('row', { name: /Cloud global usGov/ })).toBeVisible();
  await expect(dialog.getByRole('row', { name: /IMAP.AccessAsUser.All\) off on/ })).toBeVisible();
  await dialog.getByRole('button', { name: 'Apply changes' }).click();
  await expect(page.getByText('Imported: 2 setting(s) changed.')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Cloud' })).toHaveText('US Government (GCC High)');
  await expect(page.getByText('https://graph.microsoft.us/IMAP.AccessAsUser.All')).toBeVisible();
  await expect(page.getByTestId('secret-status')).toContainText('Set');

  await page
    .getByLabel('Configuration file to import')
    .setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "something else"}') });
  await expect(page.getByText(/broken.json cannot be imported/)).toBeVisible();
});

test('Grant admin consent on a fresh console says what to save, and the refusal goes once it is saved', async ({ app, page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(consoleUrlAt(app, '/integration'));
  await page.getByRole('button', { name: 'Grant admin consent' }).click();
  // Before the fix: "Correct Client ID, Tenant: see the message under each", with no message under any field.
  const refusal = page.getByText('Save the Client ID before granting admin consent.');
  await expect(refusal).toBeVisible();
  await expect(refusal).toContainText('Save the Directory (tenant) ID or verified domain before granting admin consent.');
  await expect(page.getByText(/see the message under each/)).toHaveCount(0);
  // It stayed after later saves too: a save makes it stale, so it goes.
  await page.getByRole('textbox', { name: 'Client ID' }).fill(clientId);
  await page.getByRole('textbox', { name: 'Tenant' }).fill('contoso.onmicrosoft.com');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(/^Saved at/)).toBeVisible();
  await expect(refusal).toHaveCount(0);
});

test('reminds of a secret about to expire in the status bar and the console output', async ({ app, page }) => {
  await page.goto(consoleUrlAt(app, '/integration'));
  await page.getByRole('textbox', { name: 'Client ID' }).fill(clientId);
  await page.getByRole('textbox', { name: 'Tenant' }).fill('contoso.com');
  await page.getByLabel('Secret value').fill(secret);
  const inSixDays = new Date(Date.now() + 6 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  await page.getByLabel('Expires on').fill(inSixDays);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('status-secret-expiry')).toHaveText(/^Client secret expires in [56] days$/);
  await expect(page.getByRole('region', { name: 'Client secret' }).getByText(/Create a new one in the Entra admin centre/)).toBeVisible();
  await expect.poll(() => app.output()).toContain('NOTIFICATION: Outlook integration: client secret expires soon');
  // The notification names the page it is about, at this console's address (without the token).
  expect(app.output()).toContain(`(${app.origin}/#/integration)`);
  expect(app.output()).not.toContain(secret);
});

test('asks before leaving the page with unsaved changes, and keeps them on Cancel', async ({ app, page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(consoleUrlAt(app, '/integration'));
  const clientId = page.getByRole('textbox', { name: 'Client ID' });
  await clientId.fill('11111111-2222-4333-8444-555555555555');
  await page.getByRole('navigation').getByText('Access control', { exact: true }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Leave without saving?' });
  await expect(dialog).toContainText('Going to Access control loses them');
  await page.screenshot({ path: 'test-results/integration-leave-prompt.png' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Integration' })).toBeVisible();
  await expect(clientId).toHaveValue('11111111-2222-4333-8444-555555555555');

  await page.getByRole('navigation').getByText('Access control', { exact: true }).click();
  await page.getByRole('alertdialog', { name: 'Leave without saving?' }).getByRole('button', { name: 'Leave without saving' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Access control' })).toBeVisible();
  // Nothing was saved, and coming back asks nothing until something is edited again.
  await page.getByRole('navigation').getByText('Integration', { exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Client ID' })).toHaveValue('');
  await page.getByRole('navigation').getByText('Logs', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Logs' })).toBeVisible();
});
