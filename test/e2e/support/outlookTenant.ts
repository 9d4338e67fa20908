// Shared set-up of the e2e tests that talk to the emulated Microsoft 365: the console's API as
// the renderer calls it, the integration configured with the emulator as a custom cloud, and an
// Outlook account connected the way an administrator does it (Connect, then Accept on the
// emulator's consent page in a second Chromium page standing in for the system browser).
import { expect, type Browser, type Page } from '@playwright/test';
import type { DemoTenant } from '../../emulator/demoTenant';
import type { Emulator } from '../../emulator/server';
import type { AccessScope, IntegrationConfig } from '../../../src/shared/contract';
import { emulatorIntegrationConfig } from '../../support/emulatorIntegration';
import type { HeadlessConsole } from '../headlessConsole';

export type ConsoleApi = <T>(channel: string, input?: unknown) => Promise<T>;

export function consoleApi(app: HeadlessConsole): ConsoleApi {
  return async <T>(channel: string, input?: unknown): Promise<T> => {
    const response = await fetch(`${app.origin}/api/${channel}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' },
      body: input === undefined ? '' : JSON.stringify(input),
    });
    const answer = (await response.json()) as { ok: boolean; result: T; error?: { message: string } };
    if (!answer.ok) throw new Error(`${channel}: ${answer.error?.message}`);
    return answer.result;
  };
}

/** The Integration page's settings, pointing at the emulator and trusting its CA. */
export async function configureEmulatorIntegration(
  api: ConsoleApi,
  emulator: Emulator,
  demo: DemoTenant,
  options: { features?: Partial<IntegrationConfig['features']>; secretExpiresOn?: string } = {},
): Promise<void> {
  const config = emulatorIntegrationConfig(emulator, demo);
  await api('integration.save', {
    config: { ...config, features: { ...config.features, ...options.features } },
    secret: { value: demo.clientSecret, expiresOn: options.secretExpiresOn ?? '2028-11-26' },
  });
}

/** A console user in a role with the given scopes; returns the user's id. */
export async function createUserWithScopes(
  api: ConsoleApi,
  user: { name: string; email: string },
  scopes: readonly string[],
): Promise<number> {
  const role = await api<{ id: number }>('access.createRole', { name: `${user.name} role` });
  for (const scope of scopes) await api('access.setRoleScope', { id: role.id, scope, enabled: true });
  const created = await api<{ id: number }>('access.createUser', { ...user, type: 'regular', roleIds: [role.id] });
  return created.id;
}

/** On the Accounts page: Connect, accept as `mailboxName` in a second page, wait for Connected. */
export async function connectAccountInBrowser(page: Page, browser: Browser, userName: string, mailboxName: string): Promise<void> {
  await page.getByRole('navigation').getByText('Accounts', { exact: true }).click();
  const row = page.getByRole('row', { name: new RegExp(`^${userName}`) });
  await row.getByRole('button', { name: `Connect ${userName}` }).click();
  const signInUrl = await page.getByTestId('sign-in-url').inputValue();
  const signInContext = await browser.newContext({ ignoreHTTPSErrors: true });
  try {
    const signIn = await signInContext.newPage();
    await signIn.goto(signInUrl);
    await signIn.getByLabel(new RegExp(mailboxName)).check();
    await signIn.getByRole('button', { name: 'Accept' }).click();
    await expect(signIn.getByText('Connected — you can close this window')).toBeVisible();
  } finally {
    await signInContext.close();
  }
  await expect(row.getByTestId('account-status')).toHaveText('Connected');
}

/**
 * Ann Lee, a console user with External Accounts and the given Outlook scopes, connected to Adele
 * Vance's mailbox from the Accounts page (the page's viewport is the caller's).
 */
export async function connectAnnToAdele(
  app: HeadlessConsole,
  api: ConsoleApi,
  page: Page,
  browser: Browser,
  scopes: readonly AccessScope[],
): Promise<void> {
  await createUserWithScopes(api, { name: 'Ann Lee', email: 'ann.lee@example.com' }, ['externalAccounts', ...scopes]);
  await page.goto(app.url);
  await connectAccountInBrowser(page, browser, 'Ann Lee', 'Adele Vance');
}

/** Records every access and refresh token the emulator issues, so a test can search for them. */
export function recordIssuedTokens(emulator: Emulator, into: string[]): void {
  const issueRefreshToken = emulator.tokens.issueRefreshToken.bind(emulator.tokens);
  emulator.tokens.issueRefreshToken = (grant) => {
    const value = issueRefreshToken(grant);
    into.push(value);
    return value;
  };
  const accessToken = emulator.tokens.accessToken.bind(emulator.tokens);
  emulator.tokens.accessToken = async (...args) => {
    const issued = await accessToken(...args);
    into.push(issued.token);
    return issued;
  };
}
