// The IMAP diagnostic against Dovecot, which verifies each bearer token through the emulator's
// RFC 7662 introspection endpoint: a token the emulator issued logs in; once the grant is
// revoked (a password reset, "revoke sessions") the same token is refused and explained.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DemoTenant } from '../../emulator/demoTenant';
import type { Emulator } from '../../emulator/server';
import { startDemoEmulator } from '../../emulator/support/session';
import { dovecotBinary, startDovecot, type Dovecot } from '../../support/dovecot';
import { emulatorAccounts, type EmulatorAccounts } from '../../support/emulatorGraphAccess';
import { useTempDirs } from '../../support/tempDir';
import { logText, mailDiagnostics } from './mailFixtures';

const ADELE = 'adele.vance@contoso.onmicrosoft.com';
const DIEGO = 'diego.siciliani@contoso.onmicrosoft.com';

if (!dovecotBinary) {
  // CI installs dovecot-imapd (.ci/run); only a developer machine without it skips these tests.
  console.warn('Skipping the IMAP diagnostic tests: Dovecot is not installed here (apt-get install dovecot-imapd).');
}

describe.skipIf(!dovecotBinary)('the IMAP diagnostic against Dovecot', () => {
  const tempDir = useTempDirs();
  let emulator: Emulator;
  let demo: DemoTenant;
  let accounts: EmulatorAccounts;
  let dovecot: Dovecot;
  const servers = () => ({ imap: { host: '127.0.0.1', port: dovecot.port, security: 'none' as const }, smtp: { host: '127.0.0.1', port: 1, security: 'none' as const } });

  beforeAll(async () => {
    ({ emulator, demo } = await startDemoEmulator());
    accounts = emulatorAccounts(emulator, demo);
    dovecot = await startDovecot(tempDir(), { introspectionUrl: emulator.introspectionUrl(demo.tenant.id), caFile: emulator.caFile });
  });
  afterAll(async () => {
    await dovecot?.stop();
    await emulator?.stop();
  });

  it('logs in with a token the emulator issued, and not with the same token once the grant is revoked', async () => {
    await accounts.connect(1, ADELE);
    await accounts.connect(2, DIEGO);
    const tokens = [await (await accounts.provider(1))!.accessToken(), await (await accounts.provider(2))!.accessToken()];
    const logDir = tempDir();
    const { diagnostics } = mailDiagnostics(logDir, { connectedUserIds: () => [1, 2], graphAccess: accounts.provider, servers: servers() });

    const first = (await diagnostics.run(['mail.imap'])).results[0];
    expect(first, dovecot.log()).toMatchObject({ status: 'pass' });
    expect(first.summary).toContain(`succeeded for ${ADELE}, ${DIEGO}`);

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
    await vi.waitFor(() => expect(dovecot.log()).toMatch(/\(auth failed, 1 attempts[^)]*\): user=<diego\.siciliani@contoso\.onmicrosoft\.com>/), { timeout: 5000 });

    const log = logText(logDir);
    expect(log).toContain('IMAP login');
    for (const token of tokens) expect(log).not.toContain(token);
  });

  it('explains a mail server that cannot be reached', async () => {
    await accounts.connect(3, ADELE);
    const { diagnostics } = mailDiagnostics(tempDir(), {
      connectedUserIds: () => [3],
      graphAccess: accounts.provider,
      servers: { ...servers(), imap: { host: '127.0.0.1', port: 1, security: 'none' } },
    });
    const [result] = (await diagnostics.run(['mail.imap'])).results;
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('could not reach');
  });
});
