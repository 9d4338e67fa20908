// The IMAP diagnostic against Dovecot, which verifies each bearer token through the emulator's
// RFC 7662 introspection endpoint, standing in for Exchange Online: it accepts only tokens issued
// for Exchange Online's resource. The token comes from the real accounts service (MSAL), obtained
// silently with the refresh token of a sign-in that consented to the mail scope beside Graph's.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AccountsView, SignInAttempt } from '../../../src/shared/contract';
import type { DemoTenant } from '../../emulator/demoTenant';
import type { Emulator } from '../../emulator/server';
import { dovecotBinary, startDovecot, type Dovecot } from '../../support/dovecot';
import { callOk, signInInBrowser, useEmulatorConsoles } from '../accounts/accountsFixture';
import { localServers, logText, mailDiagnostics } from './mailFixtures';

const ADELE = 'adele.vance@contoso.onmicrosoft.com';
const DIEGO = 'diego.siciliani@contoso.onmicrosoft.com';
const imapOn = { calendar: true, contacts: false, imap: true, smtp: false };

if (!dovecotBinary) {
  // CI installs dovecot-imapd (.ci/run); only a developer machine without it skips these tests.
  console.warn('Skipping the IMAP diagnostic tests: Dovecot is not installed here (apt-get install dovecot-imapd).');
}

describe.skipIf(!dovecotBinary)('the IMAP diagnostic against Dovecot', () => {
  let emulator: Emulator;
  let demo: DemoTenant;
  let dovecot: Dovecot;
  const { setUp, tempDir } = useEmulatorConsoles((started, startedDemo) => {
    emulator = started;
    demo = startedDemo;
  });

  beforeAll(async () => {
    dovecot = await startDovecot(tempDir(), { introspectionUrl: emulator.introspectionUrl(demo.tenant.id), caFile: emulator.caFile });
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  /** A console whose users connect through the emulator's sign-in page, as in the browser. */
  async function consoleWithAccounts(features: typeof imapOn, accounts: string[]) {
    const { core, role } = await setUp({ config: { features } });
    const userIds: number[] = [];
    const signInUrls: string[] = [];
    for (const [index, account] of accounts.entries()) {
      const user = core.access.createUser({
        name: `User ${index}`,
        email: `user${index}@example.com`,
        type: 'regular',
        roleIds: [role.id],
      });
      const attempt = await callOk<SignInAttempt>(core, 'accounts.connect', { userId: user.id });
      signInUrls.push(attempt.url);
      await signInInBrowser(attempt.url, emulator, account);
      await vi.waitFor(async () =>
        expect((await callOk<AccountsView>(core, 'accounts.list')).rows.find((row) => row.user.id === user.id)?.account?.status).toBe(
          'connected',
        ),
      );
      userIds.push(user.id);
    }
    return { core, userIds, signInUrls };
  }

  it('logs in with the Exchange Online token; Dovecot refuses the Graph token and, once the grant is revoked, the mail token', async () => {
    const { core, userIds, signInUrls } = await consoleWithAccounts(imapOn, ['Adele Vance', 'Diego Siciliani']);
    // One sign-in consents to the mail scope with Exchange Online's resource; the Graph token is asked for alone.
    expect(new URL(signInUrls[0]).searchParams.get('scope')).toContain('https://outlook.office.com/IMAP.AccessAsUser.All');
    const logDir = tempDir();
    const servers = localServers({ imap: dovecot.port });
    const { diagnostics, logs } = mailDiagnostics(logDir, {
      connectedUserIds: () => userIds,
      mailAccess: (userId) => core.accounts.mailAccess(userId),
      servers,
    });

    const first = (await diagnostics.run(['mail.imap'])).results[0];
    expect(first, dovecot.log()).toMatchObject({ status: 'pass' });
    expect(first.summary).toContain(`succeeded for ${ADELE}, ${DIEGO}`);
    const mailToken = await (await core.accounts.mailAccess(userIds[0]))!.accessToken();
    const graphToken = await (await core.accounts.graphAccess(userIds[0]))!.accessToken();
    expect(mailToken).not.toBe(graphToken);

    // What a console sending its Graph token would meet at Exchange Online.
    const withGraphToken = mailDiagnostics(tempDir(), {
      connectedUserIds: () => [userIds[0]],
      mailAccess: async () => ({ userPrincipalName: ADELE, accessToken: async () => graphToken }),
      servers,
    });
    const refusedGraph = (await withGraphToken.diagnostics.run(['mail.imap'])).results[0];
    expect(refusedGraph.status).toBe('fail');
    expect(refusedGraph.summary).toContain(`${ADELE}: The mail server refused the account’s access token`);

    emulator.revokeGrants(DIEGO);
    const second = (await diagnostics.run(['mail.imap'])).results[0];
    expect(second.status).toBe('fail');
    expect(second.summary).toContain('failed for 1 of 2 accounts');
    expect(second.summary).toContain(`${DIEGO}: The mail server refused the account’s access token`);
    expect(second.summary).not.toContain(ADELE);
    expect(second.fix).toContain('reconnect the account on the Accounts page');
    // Dovecot itself logged both in and refused the revoked token (its introspection said inactive).
    expect(dovecot.log()).toMatch(/Login: user=<diego\.siciliani@contoso\.onmicrosoft\.com>, method=(OAUTHBEARER|XOAUTH2)/);
    // Dovecot writes the refusal to its log a moment after answering the client.
    await vi.waitFor(
      () => expect(dovecot.log()).toMatch(/\(auth failed, 1 attempts[^)]*\): user=<diego\.siciliani@contoso\.onmicrosoft\.com>/),
      { timeout: 5000 },
    );

    const log = await logText(logs, logDir);
    expect(log).toContain('IMAP login');
    for (const token of [mailToken, graphToken]) expect(log).not.toContain(token);
  });

  it('explains mail permissions not yet consented, without marking the account for reconnect', async () => {
    // Connected while IMAP was off: the sign-in consented to Graph only.
    const { core, userIds } = await consoleWithAccounts({ ...imapOn, imap: false }, ['Alex Wilber']);
    const config = core.integration.config();
    await callOk(core, 'integration.save', { config: { ...config, features: imapOn } });
    const { diagnostics } = mailDiagnostics(tempDir(), {
      connectedUserIds: () => userIds,
      mailAccess: (userId) => core.accounts.mailAccess(userId),
      servers: localServers({ imap: dovecot.port }),
    });
    const [result] = (await diagnostics.run(['mail.imap'])).results;
    expect(result.status).toBe('fail');
    expect(result.summary).toContain(
      'No mail token could be obtained: Microsoft has not granted this account the mail permissions (https://outlook.office.com/IMAP.AccessAsUser.All)',
    );
    expect(result.summary).toContain('reconnect the account on the Accounts page');
    expect((await callOk<AccountsView>(core, 'accounts.list')).rows.find((row) => row.user.id === userIds[0])?.account?.status).toBe(
      'connected',
    );
  });

  it('explains a mail server that cannot be reached', async () => {
    const { core, userIds } = await consoleWithAccounts(imapOn, ['Adele Vance']);
    const { diagnostics } = mailDiagnostics(tempDir(), {
      connectedUserIds: () => userIds,
      mailAccess: (userId) => core.accounts.mailAccess(userId),
      servers: localServers({ imap: 1 }),
    });
    const [result] = (await diagnostics.run(['mail.imap'])).results;
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('could not reach');
  });
});
