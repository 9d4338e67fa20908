import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../support/tempDir';
import { fixedTokenAccess, localServers, logText, mailDiagnostics } from './mailFixtures';

const validToken = 'eyJ0eXAiOiJKV1QifQ.eyJzbXRwIjoidmFsaWQifQ.smtp-valid-signature-4f1c';
const disabledMailboxToken = 'eyJ0eXAiOiJKV1QifQ.eyJzbXRwIjoiZGlzYWJsZWQifQ.smtp-disabled-signature-9a2e';
// Office 365's answer for a mailbox without Authenticated SMTP.
const smtpAuthDisabled =
  '5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.';

describe('the SMTP AUTH diagnostic against smtp-server', () => {
  const tempDir = useTempDirs();
  let server: SMTPServer | undefined;
  const logins: { method: string; user: string | undefined }[] = [];

  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
    logins.length = 0;
  });

  async function startSmtp(): Promise<number> {
    server = new SMTPServer({
      authMethods: ['XOAUTH2'],
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth(auth, _session, callback) {
        logins.push({ method: auth.method, user: auth.username });
        if (auth.accessToken === validToken) return callback(null, { user: auth.username });
        if (auth.accessToken === disabledMailboxToken) return callback(Object.assign(new Error(smtpAuthDisabled), { responseCode: 535 }));
        return callback(null, { data: { status: '401', schemes: 'bearer' } });
      },
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return (server.server.address() as AddressInfo).port;
  }

  it('logs in with XOAUTH2 and the account’s token, which never reaches the log', async () => {
    const port = await startSmtp();
    const logDir = tempDir();
    const { diagnostics, logs } = mailDiagnostics(logDir, {
      connectedUserIds: () => [1],
      mailAccess: async () => fixedTokenAccess('ann.lee@contoso.com', validToken),
      servers: localServers({ smtp: port }),
    });
    const report = await diagnostics.run(['mail.smtp']);
    expect(report.results[0]).toMatchObject({ id: 'mail.smtp', status: 'pass' });
    expect(report.results[0].summary).toContain('ann.lee@contoso.com');
    expect(logins).toEqual([{ method: 'XOAUTH2', user: 'ann.lee@contoso.com' }]);
    expect(await logText(logs, logDir)).toContain('SMTP AUTH login');
    expect(await logText(logs, logDir)).not.toContain(validToken);
  });

  it('reports 535 5.7.139 as SMTP AUTH disabled for the mailbox, with the admin center fix', async () => {
    const port = await startSmtp();
    const logDir = tempDir();
    const { diagnostics, logs } = mailDiagnostics(logDir, {
      connectedUserIds: () => [1, 2],
      mailAccess: async (userId: number) =>
        userId === 1 ? fixedTokenAccess('ann.lee@contoso.com', validToken) : fixedTokenAccess('bo.chen@contoso.com', disabledMailboxToken),
      servers: localServers({ smtp: port }),
    });
    const [result] = (await diagnostics.run(['mail.smtp'])).results;
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('failed for 1 of 2 accounts');
    expect(result.summary).toContain(
      'bo.chen@contoso.com: Microsoft refused to send mail for this account because SMTP AUTH is disabled for the mailbox',
    );
    expect(result.summary).not.toContain('ann.lee');
    expect(result.fix).toContain('Authenticated SMTP');
    expect(result.fix).toContain(
      'https://docs.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/authenticated-client-smtp-submission#use-the-microsoft-365-admin-center-to-enable-or-disable-smtp-auth-on-specific-mailboxes',
    );
    const log = await logText(logs, logDir);
    expect(log).toContain('SMTP AUTH is disabled');
    for (const token of [validToken, disabledMailboxToken]) expect(log).not.toContain(token);
  });

  it('explains a refused token and skips when the SMTP feature is off or nobody is connected', async () => {
    const port = await startSmtp();
    const servers = localServers({ smtp: port });
    const refused = mailDiagnostics(tempDir(), {
      connectedUserIds: () => [1],
      mailAccess: async () => fixedTokenAccess('ann.lee@contoso.com', 'eyJhbGciOi.unknown-token-value'),
      servers,
    });
    const [result] = (await refused.diagnostics.run(['mail.smtp'])).results;
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('refused the account’s access token');
    const off = mailDiagnostics(tempDir(), {
      connectedUserIds: () => [1],
      mailAccess: async () => fixedTokenAccess('ann.lee@contoso.com', validToken),
      servers,
      features: { smtp: false },
    });
    expect((await off.diagnostics.run(['mail.smtp'])).results[0]).toMatchObject({
      status: 'skipped',
      summary: expect.stringContaining('switched off on the Integration page'),
    });
    const nobody = mailDiagnostics(tempDir(), { connectedUserIds: () => [], mailAccess: async () => undefined, servers });
    expect((await nobody.diagnostics.run(['mail.smtp'])).results[0]).toMatchObject({
      status: 'skipped',
      summary: 'No Outlook account is connected yet.',
    });
  });
});
