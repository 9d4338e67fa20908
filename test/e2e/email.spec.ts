// Email end to end in Chromium: connect an Outlook account, add a personal email account, Test
// connection, Send test email, see fetched mail linked to a contact, reply. Real servers: the
// emulator (sign-in, token introspection), Dovecot over STARTTLS, smtp-server as Exchange's SMTP AUTH.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer';
import { signIn } from '../emulator/support/session';
import { dovecotBinary, startDovecot, type Dovecot } from '../support/dovecot';
import { emulatorIntegrationConfig } from '../support/emulatorIntegration';
import { startExchangeSmtp, type ExchangeSmtp } from '../support/exchangeSmtp';
import { test as consoleTest, expect, type Tenant } from './support/fixtures';
import { filesHolding } from './support/filesHolding';
import { connectAccountInBrowser, createUserWithScopes } from './support/outlookTenant';

const ADELE = 'adele.vance@contoso.onmicrosoft.com';

/** Real mail servers beside the emulated tenant: Dovecot (IMAP, tokens checked by introspection) and Exchange's SMTP AUTH. */
const test = consoleTest.extend<{ mailServers: { dovecot: Dovecot; smtp: ExchangeSmtp } }>({
  mailServers: async ({ tenant: { emulator, demo } }, use) => {
    const dovecotDir = mkdtempSync(join(tmpdir(), 'oic-e2e-dovecot-'));
    const dovecot = await startDovecot(dovecotDir, {
      introspectionUrl: emulator.introspectionUrl(demo.tenant.id),
      caFile: emulator.caFile,
      tls: emulator.serverCertificate,
    });
    const smtp = await startExchangeSmtp(emulator);
    try {
      await use({ dovecot, smtp });
    } finally {
      await smtp.stop();
      await dovecot.stop();
      rmSync(dovecotDir, { recursive: true, force: true });
    }
  },
});

test.skip(!dovecotBinary, 'Dovecot is not installed here (apt-get install dovecot-imapd).');

/** Mail from Patti into Adele's INBOX by IMAP APPEND, logged in with a token of Adele's own. */
async function deliverToAdele(
  { emulator, demo }: Tenant,
  dovecot: Dovecot,
  subjects: Array<{ subject: string; html: string; text: string }>,
): Promise<void> {
  const { access_token: token } = await signIn(
    emulator,
    demo,
    ADELE,
    'openid offline_access https://outlook.office.com/IMAP.AccessAsUser.All',
  );
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: dovecot.port,
    secure: false,
    doSTARTTLS: true,
    tls: { ca: [emulator.caCert] },
    auth: { user: ADELE, accessToken: token },
    logger: false,
  });
  await client.connect();
  for (const { subject, html, text } of subjects) {
    const raw = await new MailComposer({
      from: { name: 'Patti Fernandez', address: 'patti@fabrikam.example' },
      to: ADELE,
      subject,
      html,
      text,
      date: new Date('2026-11-25T09:30:00Z'),
    })
      .compile()
      .build();
    await client.append('INBOX', raw);
  }
  await client.logout();
}

test('adds a personal email account, tests it, sends a test email, reads mail linked to a contact and replies', async ({
  app,
  api,
  tenant,
  mailServers: { dovecot, smtp },
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const { emulator, demo, issuedTokens } = tenant;
  const config = emulatorIntegrationConfig(emulator, demo, {
    features: { calendar: false, contacts: true, imap: true, smtp: true },
    mail: { imapHost: '127.0.0.1', imapPort: dovecot.port, smtpHost: '127.0.0.1', smtpPort: smtp.port },
  });
  await api('integration.save', { config, secret: { value: demo.clientSecret, expiresOn: '2028-11-26' } });
  await createUserWithScopes(api, { name: 'Ann Lee', email: 'ann.lee@example.com' }, ['externalAccounts']);
  await api('contacts.save', {
    fields: {
      kind: 'contact',
      firstName: 'Patti',
      lastName: 'Fernandez',
      emails: ['patti@fabrikam.example'],
      phones: [],
      accountName: 'Fabrikam',
    },
  });
  await deliverToAdele(tenant, dovecot, [
    {
      subject: 'Order 1001 is late',
      html: '<p>Where is <b>order 1001</b>?</p><script>document.body.innerHTML="owned"</script><img src="https://tracker.example/pixel.png" alt="tracking pixel">',
      text: 'Where is order 1001?',
    },
    { subject: 'Catalogue request', html: '<p>Please send the new catalogue.</p>', text: 'Please send the new catalogue.' },
  ]);

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(app.url);
  await connectAccountInBrowser(page, browser, 'Ann Lee', 'Adele Vance');

  // Add the personal email account from the Email page.
  await page.getByRole('navigation').getByText('Email', { exact: true }).click();
  await page.getByRole('tab', { name: /Email accounts/ }).click();
  await page.getByRole('button', { name: 'Add personal account' }).click();
  const editor = page.locator('[aria-label="New personal email account"]');
  await editor.getByRole('combobox').first().click();
  await page.getByRole('option', { name: `Ann Lee (${ADELE})` }).click();
  await editor.getByRole('button', { name: 'Add email account' }).click();
  const account = page.locator(`[aria-label="Email account ${ADELE}"]`);
  await expect(account.getByText(`Email account ${ADELE} saved.`)).toBeVisible();

  await account.getByRole('button', { name: 'Test connection' }).click();
  const report = account.getByRole('list', { name: 'Test connection' });
  await expect(report).toContainText('Mail token:');
  await expect(report).toContainText(`Logged in to 127.0.0.1:${dovecot.port} as ${ADELE}`);
  await expect(report).toContainText(`SMTP AUTH at 127.0.0.1:${smtp.port} accepted ${ADELE}`);
  await expect(report.getByText('Problem')).toHaveCount(0);

  await account.getByRole('button', { name: 'Send test email' }).click();
  await expect(account.getByRole('list', { name: 'Send test email' })).toContainText(
    `Sent to ${ADELE} through SMTP. Saved to Sent Items with IMAP APPEND.`,
  );
  expect(smtp.delivered.at(-1)).toMatchObject({ login: ADELE, from: ADELE, to: [ADELE] });

  await account.getByRole('button', { name: 'List folders from the server' }).click();
  await expect(account.getByRole('checkbox', { name: 'Sent Items' })).toBeVisible();
  await account.getByRole('button', { name: 'Check now' }).click();
  // The scheduled check (every minute) may have fetched them already: then Check now finds nothing new;
  // or it may be running at that moment: then Check now is skipped, and the list below waits for its mail.
  await expect(
    account.getByText(
      /Check now for adele\.vance@contoso\.onmicrosoft\.com: [02] new messages in 1 folder|Skipped \(run now\): the run started at .+ was still in progress/,
    ),
  ).toBeVisible({
    timeout: 20_000,
  });

  // The fetched mail, linked to the contact and its company; the script and the remote image are not there.
  await page.getByRole('tab', { name: 'Messages' }).click();
  // The two fetched messages and the test email kept as sent.
  await expect(page.getByTestId('email-row')).toHaveCount(3);
  await page.getByRole('listitem', { name: /^Order 1001 is late/ }).click();
  const view = page.getByTestId('email-view');
  await expect(view.getByTestId('email-links')).toContainText('Contact: Patti Fernandez');
  await expect(view.getByTestId('email-links')).toContainText('Company: Fabrikam');
  await expect(view).toContainText('1 remote image was not loaded');
  const body = page.frameLocator('[data-testid="email-html"]');
  await expect(body.locator('b')).toHaveText('order 1001');
  await expect(body.locator('script')).toHaveCount(0);
  await expect(body.locator('img')).toHaveAttribute('alt', 'tracking pixel');
  expect(await body.locator('img').getAttribute('src')).toBeNull();
  await page.screenshot({ path: 'test-results/email-page.png' });

  // Reply: sent through SMTP as the mailbox, threaded, and listed as sent.
  await view.getByRole('button', { name: 'Reply' }).click();
  const compose = page.getByRole('dialog', { name: 'Reply' });
  await expect(compose.getByRole('textbox', { name: 'To' })).toHaveValue('patti@fabrikam.example');
  await expect(compose.getByRole('textbox', { name: 'Subject' })).toHaveValue('Re: Order 1001 is late');
  await compose.getByRole('textbox', { name: 'Message' }).press('Control+Home');
  await compose.getByRole('textbox', { name: 'Message' }).pressSequentially('It ships tomorrow.');
  await compose.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('Sent through SMTP. Saved to Sent Items with IMAP APPEND.')).toBeVisible();
  const reply = smtp.delivered.at(-1)!;
  expect(reply).toMatchObject({ login: ADELE, from: ADELE, to: ['patti@fabrikam.example'] });
  expect(reply.raw.toString()).toMatch(/In-Reply-To: <[^>]+>/);
  expect(reply.raw.toString()).toContain('It ships tomorrow.');
  await expect(page.getByTestId('email-row')).toHaveCount(4);

  // The accounts section on the Accounts page shows the same account for Ann Lee.
  await page.getByRole('navigation').getByText('Accounts', { exact: true }).click();
  const section = page.getByRole('region', { name: 'Email accounts of this user' });
  await expect(section.getByTestId('email-account-row')).toContainText(ADELE);
  await section.getByTestId('email-account-row').click();
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/email-accounts-section.png' });

  // No token in the data folder (database, logs, attachments) in any encoding, nor in the console's output.
  const upns = [ADELE];
  expect(issuedTokens.length).toBeGreaterThan(2);
  for (const token of issuedTokens) {
    for (const user of upns)
      expect(
        filesHolding(app.dataDir, token, [`user=${user}\x01auth=Bearer ${token}\x01\x01`, `n,a=${user},\x01auth=Bearer ${token}\x01\x01`]),
        'a token in the data folder',
      ).toEqual([]);
    expect(app.output().includes(token), 'a token in the console output').toBe(false);
  }
});
