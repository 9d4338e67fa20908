// A headless console configured against the emulator (custom cloud, its CA as the custom CA), with
// a workspace user whose Outlook account is connected the way an administrator does it: Connect on
// the Accounts page, the sign-in link opened in a second browser page, Accept.
import { expect, type Browser, type Page } from '@playwright/test';
import { seedDemoTenant, type DemoTenant } from '../../emulator/demoTenant';
import { startEmulator, type Emulator } from '../../emulator/server';
import { startHeadlessConsole, type HeadlessConsole } from '../headlessConsole';

export type ConnectedConsole = {
  app: HeadlessConsole;
  emulator: Emulator;
  demo: DemoTenant;
  api<T>(channel: string, input?: unknown): Promise<T>;
  stop(): Promise<void>;
};

export async function startConnectedConsole(): Promise<ConnectedConsole> {
  const emulator = await startEmulator();
  const demo = seedDemoTenant(emulator);
  const app = await startHeadlessConsole();
  const api = async <T>(channel: string, input?: unknown): Promise<T> => {
    const response = await fetch(`${app.origin}/api/${channel}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' },
      body: input === undefined ? '' : JSON.stringify(input),
    });
    const answer = (await response.json()) as { ok: boolean; result: T; error?: { message: string } };
    if (!answer.ok) throw new Error(`${channel}: ${answer.error?.message}`);
    return answer.result;
  };
  await api('integration.save', {
    config: {
      enabled: true,
      clientId: demo.app.clientId,
      accountType: 'singleTenant',
      tenant: demo.tenant.id,
      cloud: 'custom',
      customCloud: { loginHost: emulator.knownAuthority, graphHost: emulator.knownAuthority, caCertificatePem: emulator.caCert },
      redirectPort: null,
      features: { calendar: true, contacts: true, imap: false, smtp: false },
    },
    secret: { value: demo.clientSecret, expiresOn: '2028-11-26' },
  });
  return {
    app,
    emulator,
    demo,
    api,
    async stop() {
      await app.stop();
      await emulator.stop();
    },
  };
}

/** Connects `userName`'s Outlook account as the mailbox user whose consent-page label matches `mailbox`. */
export async function connectAccount(page: Page, browser: Browser, userName: string, mailbox: RegExp): Promise<void> {
  await page.getByRole('navigation').getByText('Accounts', { exact: true }).click();
  const row = page.getByRole('row', { name: new RegExp(`^${userName}`) });
  await row.getByRole('button', { name: `Connect ${userName}` }).click();
  const signInUrl = await page.getByTestId('sign-in-url').inputValue();
  const signInContext = await browser.newContext({ ignoreHTTPSErrors: true });
  const signIn = await signInContext.newPage();
  await signIn.goto(signInUrl);
  await signIn.getByLabel(mailbox).check();
  await signIn.getByRole('button', { name: 'Accept' }).click();
  await expect(signIn.getByText('Connected — you can close this window')).toBeVisible();
  await signInContext.close();
  await expect(row.getByTestId('account-status')).toHaveText('Connected');
}
