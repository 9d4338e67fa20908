// Connecting an Outlook account end to end: the emulator runs in this test process, the headless
// console is configured with it as a custom cloud (its CA as the custom CA), the administrator
// clicks Connect, a second Chromium page opens the sign-in link and accepts on the emulator's
// consent page, and the Accounts page shows Connected. Then no token is anywhere in plain text.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectNothingWiderThanViewport, expectWithinViewportWidth } from './support/layout';
import { expect, test } from './support/fixtures';
import { filesHolding } from './support/filesHolding';

test('clicks Connect, accepts on the consent page in a second page, sees Connected; no token is stored or logged in plain text', async ({
  app,
  configuredApi: api,
  tenant: { emulator, issuedTokens },
  page,
  browser,
}) => {
  const role = await api<{ id: number }>('access.createRole', { name: 'Sales' });
  await api('access.setRoleScope', { id: role.id, scope: 'externalAccounts', enabled: true });
  await api('access.createUser', { name: 'Ann Lee', email: 'ann.lee@example.com', type: 'regular', roleIds: [role.id] });

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(app.url);
  await page.getByRole('navigation').getByText('Accounts', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Accounts' })).toBeVisible();
  const row = page.getByRole('row', { name: /^Ann Lee/ });
  await expect(row.getByText('Disconnected')).toBeVisible();
  await row.getByRole('button', { name: 'Connect Ann Lee' }).click();

  // Headless mode opens no browser: the link is on the page, to copy.
  const panel = page.getByTestId('sign-in-panel');
  await expect(panel).toContainText('Waiting for Ann Lee to sign in');
  await expect(panel).toContainText('Headless mode cannot open a browser');
  const signInUrl = await page.getByTestId('sign-in-url').inputValue();
  expect(new URL(signInUrl).host).toBe(emulator.knownAuthority);
  await page.screenshot({ path: 'test-results/accounts-waiting.png' });
  // When Microsoft keeps an error on its own page, what it said can be explained right here.
  await panel.getByRole('button', { name: 'Microsoft showed an error instead?' }).click();
  await panel
    .getByRole('textbox', { name: /Error Microsoft showed/ })
    .fill("AADSTS50020: User account 'bo@fabrikam.com' from identity provider 'live.com' does not exist in tenant 'Contoso'.");
  await panel.getByRole('button', { name: 'Explain' }).click();
  await expect(panel).toContainText('The account belongs to a different organisation than the app registration allows');

  // The "system browser": a second page, trusting the emulator's certificate as a proxy-managed machine would.
  const signInContext = await browser.newContext({ ignoreHTTPSErrors: true });
  const signIn = await signInContext.newPage();
  await signIn.goto(signInUrl);
  await signIn.getByLabel(/Adele Vance/).check();
  await signIn.getByRole('button', { name: 'Accept' }).click();
  await expect(signIn.getByText('Connected — you can close this window')).toBeVisible();
  expect(new URL(signIn.url()).pathname).toBe('/oauth/result');
  expect(signIn.url()).not.toContain('code=');
  await signInContext.close();

  await expect(row.getByTestId('account-status')).toHaveText('Connected');
  await expect(row).toContainText('adele.vance@contoso.onmicrosoft.com');
  await expect(row).toContainText('Adele Vance');
  await expect(page.getByTestId('sign-in-panel')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/accounts-connected.png' });
  // At 1280 × 800 the connected row's actions are on screen and nothing runs under the navigation.
  for (const width of [1280, 1400]) {
    await page.setViewportSize({ width, height: 800 });
    await expectWithinViewportWidth(page, row.getByRole('button', { name: 'Reconnect Ann Lee' }));
    await expectWithinViewportWidth(page, row.getByRole('button', { name: 'More actions for Ann Lee' }));
    await expectNothingWiderThanViewport(page);
  }
  await page.screenshot({ path: 'test-results/accounts-connected-1400.png' });
  await page.setViewportSize({ width: 1440, height: 900 });
  // The connected account's calendar and contacts settings sit on the same page.
  const settings = page.getByRole('region', { name: 'Account settings' });
  await expect(settings.getByRole('combobox', { name: 'Settings of' })).toContainText('adele.vance@contoso.onmicrosoft.com');
  await expect(settings.getByText('Calendar settings', { exact: false }).first()).toBeVisible();
  await expect(settings.getByText(/contact folder/i).first()).toBeVisible();

  // A refresh through the page issues one more pair of tokens to look for.
  await row.getByRole('button', { name: 'More actions for Ann Lee' }).click();
  await page.getByRole('menuitem', { name: 'Refresh token of Ann Lee' }).click();
  await expect.poll(() => issuedTokens.length).toBeGreaterThanOrEqual(4);

  await expect(row.getByTestId('account-status')).toHaveText('Connected');

  // The user's sessions are revoked at Microsoft: the next refresh marks the account, row and status bar.
  emulator.revokeGrants('adele.vance@contoso.onmicrosoft.com');
  await row.getByRole('button', { name: 'More actions for Ann Lee' }).click();
  await page.getByRole('menuitem', { name: 'Refresh token of Ann Lee' }).click();
  await expect(row.getByTestId('account-status')).toHaveText('Needs reconnect');
  await expect(page.getByRole('row', { name: 'Problem for Ann Lee' })).toContainText(
    'Microsoft no longer accepts this account’s sign-in (invalid_grant)',
  );
  await expect(page.getByRole('row', { name: 'Problem for Ann Lee' })).toContainText('Fix: Reconnect the account on the Accounts page.');
  await expect(page.getByTestId('status-needs-reconnect')).toHaveText("Ann Lee's Outlook account needs reconnect");
  await page.screenshot({ path: 'test-results/accounts-needs-reconnect.png' });

  // Disconnect asks first, then removes the tokens.
  await row.getByRole('button', { name: 'More actions for Ann Lee' }).click();
  await page.getByRole('menuitem', { name: 'Disconnect Ann Lee' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('The tokens of adele.vance@contoso.onmicrosoft.com are removed');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Disconnect' }).click();
  await expect(row.getByTestId('account-status')).toHaveText('Disconnected');
  await expect(page.getByTestId('status-needs-reconnect')).toHaveCount(0);

  expect(issuedTokens.length).toBeGreaterThanOrEqual(4);
  const output = app.output();
  await app.stop((dataDir) => {
    for (const token of issuedTokens) {
      expect(filesHolding(dataDir, token), 'a token in plain text in the data folder').toEqual([]);
      expect(output.includes(token), 'a token in the headless output').toBe(false);
    }
    // The vault does hold the account's cache, encrypted.
    const logs = readdirSync(join(dataDir, 'logs'))
      .map((file) => readFileSync(join(dataDir, 'logs', file), 'utf8'))
      .join('\n');
    expect(logs).toContain('Outlook account adele.vance@contoso.onmicrosoft.com connected for Ann Lee');
  });
});
