// Connecting Outlook accounts against the emulator: the real MSAL clients, the real loopback
// listener, and a "browser" that answers the emulator's consent page.
import { createServer } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import type { AccountsView, SignInAttempt } from '../../../src/shared/contract';
import { AccountNeedsReconnectError } from '../../../src/main/graph/graphAccess';
import { tokenCacheEntryName } from '../../../src/main/auth/vaultTokenCache';
import type { DemoTenant } from '../../emulator/demoTenant';
import type { Emulator } from '../../emulator/server';
import { call, callOk, followToConsole, signInInBrowser, toLoopbackAddress, useEmulatorConsoles } from './accountsFixture';

let emulator: Emulator;
let demo: DemoTenant;
const { setUp } = useEmulatorConsoles((started, startedDemo) => {
  emulator = started;
  demo = startedDemo;
});

async function refused(url: string): Promise<boolean> {
  return fetch(toLoopbackAddress(url)).then(
    () => false,
    () => true,
  );
}

describe('connecting an Outlook account against the emulator', () => {
  it('connects with a confidential client: PKCE S256, single-use state, tokens only in the vault, the row says Connected', async () => {
    const { core, user, finished } = await setUp();
    const attempt = await callOk<SignInAttempt>(core, 'accounts.connect', { userId: user.id });
    const authorize = new URL(attempt.url);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(attempt.redirectUri);
    expect(attempt.redirectUri).toMatch(/^http:\/\/localhost:\d+\/oauth\/callback$/);
    expect(authorize.searchParams.get('state')!.length).toBeGreaterThanOrEqual(43);
    expect(attempt).toMatchObject({ opened: false, note: expect.stringMatching(/copy the sign-in link/) });

    const visit = await signInInBrowser(attempt.url, emulator, 'Adele Vance');
    expect(visit.callbackStatus).toBe(303);
    expect(visit.location).toBe('/oauth/result');
    expect(visit.callbackHeaders['referrer-policy']).toBe('no-referrer');
    expect(visit.resultPage).toContain('Connected — you can close this window');
    expect(visit.resultHeaders.get('referrer-policy')).toBe('no-referrer');
    expect(await finished()).toMatchObject({ outcome: 'connected', problem: null });

    const view = await callOk<AccountsView>(core, 'accounts.list');
    expect(view.rows).toHaveLength(1);
    expect(view.rows[0].account).toMatchObject({
      userPrincipalName: 'adele.vance@contoso.onmicrosoft.com',
      displayName: 'Adele Vance',
      status: 'connected',
      missingScopes: [],
    });
    expect(view.rows[0].account!.grantedScopes).toEqual(expect.arrayContaining(['Calendars.ReadWrite', 'Contacts.ReadWrite']));
    expect(view.rows[0].attempt).toBeNull();
    // The code's redirect URI was repeated exactly in the token request (the emulator checks it), and the listener is gone.
    await vi.waitFor(async () => expect(await refused(attempt.redirectUri)).toBe(true));
    // The same answer again (a replay) reaches nothing.
    expect(await refused(visit.microsoftRedirect)).toBe(true);

    const stored = await core.vault.get(tokenCacheEntryName(user.id));
    expect(stored).toContain('RefreshToken');
    const access = await core.accounts.graphAccess(user.id);
    expect(access).toMatchObject({
      account: { userPrincipalName: 'adele.vance@contoso.onmicrosoft.com' },
      baseUrl: `https://${emulator.knownAuthority}/v1.0`,
    });
    const token = await access!.accessToken();
    const me = await access!.fetch(`${access!.baseUrl}/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { displayName: string }).displayName).toBe('Adele Vance');
  });

  it('connects with a public client when no secret is set (an app that allows public client flows)', async () => {
    const app = emulator.directory.addApp(demo.tenant, {
      displayName: 'Console (public)',
      redirectUris: ['http://localhost/oauth/callback'],
      requiredScopes: ['User.Read', 'Calendars.ReadWrite', 'Contacts.ReadWrite'],
      allowPublicClient: true,
    });
    const { core, user, finished } = await setUp({ secret: null, config: { clientId: app.clientId } });
    const before = emulator.requestLog.matching('POST', '/oauth2/v2.0/token').length;
    const attempt = await callOk<SignInAttempt>(core, 'accounts.connect', { userId: user.id });
    await signInInBrowser(attempt.url, emulator, 'Alex Wilber');
    expect(await finished()).toMatchObject({ outcome: 'connected' });
    expect(emulator.requestLog.matching('POST', '/oauth2/v2.0/token').length).toBe(before + 1);
    const view = await callOk<AccountsView>(core, 'accounts.list');
    expect(view.integrationEnabled).toBe(false);
    expect(view.rows[0].account).toMatchObject({ userPrincipalName: 'alex.wilber@contoso.onmicrosoft.com', status: 'connected' });
  });

  it('refreshes silently, writes the vault only when the cache changed, and records the refresh', async () => {
    const { core, user } = await setUp();
    const attempt = await callOk<SignInAttempt>(core, 'accounts.connect', { userId: user.id });
    await signInInBrowser(attempt.url, emulator, 'Diego Siciliani');
    await vi.waitFor(async () => expect((await callOk<AccountsView>(core, 'accounts.list')).rows[0].account?.status).toBe('connected'));
    const access = (await core.accounts.graphAccess(user.id))!;
    const put = vi.spyOn(core.vault, 'put');
    const tokenRequests = () => emulator.requestLog.matching('POST', '/oauth2/v2.0/token').length;
    const first = await access.accessToken();
    const requestsBefore = tokenRequests();
    expect(await access.accessToken()).toBe(first);
    expect(put).not.toHaveBeenCalled();
    const refreshed = await access.accessToken({ forceRefresh: true });
    expect(refreshed).not.toBe(first);
    expect(tokenRequests()).toBe(requestsBefore + 1);
    expect(put).toHaveBeenCalledTimes(1);
    const row = await callOk<{ account: { lastRefreshAt: string } }>(core, 'accounts.refresh', { userId: user.id });
    expect(Date.parse(row.account.lastRefreshAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('marks a revoked grant Needs reconnect, logs it once, shows it in the status bar, and other accounts go on', async () => {
    const { core, user, role } = await setUp();
    const other = core.access.createUser({ name: 'Bo Chen', email: 'bo.chen@example.com', type: 'regular', roleIds: [role.id] });
    for (const [userId, account] of [
      [user.id, 'Adele Vance'],
      [other.id, 'Alex Wilber'],
    ] as const) {
      const attempt = await callOk<SignInAttempt>(core, 'accounts.connect', { userId });
      await signInInBrowser(attempt.url, emulator, account);
      await vi.waitFor(async () =>
        expect((await callOk<AccountsView>(core, 'accounts.list')).rows.find((row) => row.user.id === userId)?.account?.status).toBe(
          'connected',
        ),
      );
    }
    emulator.revokeGrants('adele.vance@contoso.onmicrosoft.com');
    const warnings: string[] = [];
    core.events.subscribe((envelope) => {
      if (envelope.event !== 'log.entries') return;
      for (const entry of envelope.payload.entries) if (entry.level === 'warning') warnings.push(entry.message);
    });
    for (let run = 0; run < 3; run++) {
      const access = (await core.accounts.graphAccess(user.id))!;
      await expect(access.accessToken({ forceRefresh: true })).rejects.toBeInstanceOf(AccountNeedsReconnectError);
      expect(await (await core.accounts.graphAccess(other.id))!.accessToken({ forceRefresh: true })).toMatch(/\./);
    }
    // The live stream sends entries in batches: everything logged so far, sent now.
    await core.logs.flushed();
    expect(warnings.filter((message) => message.includes('needs to be reconnected'))).toHaveLength(1);
    const view = await callOk<AccountsView>(core, 'accounts.list');
    const row = view.rows.find((candidate) => candidate.user.id === user.id)!;
    expect(row.account).toMatchObject({
      status: 'needsReconnect',
      problem: { code: 'invalid_grant', fix: expect.stringMatching(/Reconnect/) },
    });
    expect(await callOk(core, 'status.get')).toMatchObject({
      accountsNeedingReconnect: [{ userId: user.id, userName: 'Ann Lee', userPrincipalName: 'adele.vance@contoso.onmicrosoft.com' }],
    });
    const report = await callOk<{ results: { id: string; status: string; summary: string }[] }>(core, 'diagnostics.run', {
      ids: ['accounts.tokens'],
    });
    expect(report.results[0]).toMatchObject({ status: 'fail', summary: expect.stringMatching(/Needs reconnect: adele\.vance/) });

    // Reconnect clears it.
    const again = await callOk<SignInAttempt>(core, 'accounts.connect', { userId: user.id });
    await signInInBrowser(again.url, emulator, 'Adele Vance');
    await vi.waitFor(async () =>
      expect(
        (await callOk<AccountsView>(core, 'accounts.list')).rows.find((candidate) => candidate.user.id === user.id)?.account?.status,
      ).toBe('connected'),
    );
    expect(await callOk(core, 'status.get')).toMatchObject({ accountsNeedingReconnect: [] });
  });

  it('disconnect removes the tokens from the vault and the cache', async () => {
    const { core, user } = await setUp();
    const attempt = await callOk<SignInAttempt>(core, 'accounts.connect', { userId: user.id });
    await signInInBrowser(attempt.url, emulator, 'Adele Vance');
    await vi.waitFor(async () => expect(await core.vault.get(tokenCacheEntryName(user.id))).toBeTruthy());
    const row = await callOk<{ account: { status: string } }>(core, 'accounts.disconnect', { userId: user.id });
    expect(row.account.status).toBe('disconnected');
    expect(core.vault.placement(tokenCacheEntryName(user.id))).toBeNull();
    expect(await core.accounts.graphAccess(user.id)).toBeUndefined();
  });

  it('refuses to connect for a user without External Accounts access, in plain words', async () => {
    const { core } = await setUp();
    const outsider = core.access.createUser({ name: 'Cy Doe', email: 'cy@example.com', type: 'regular' });
    expect(await call(core, 'accounts.connect', { userId: outsider.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/Cy Doe has no External Accounts access/) },
    });
  });
});

describe('the sign-in attempt ends cleanly whatever happens', () => {
  it('rejects a wrong or missing state and keeps waiting for the real answer', async () => {
    const { core, user, finished, outcomes } = await setUp();
    const attempt = await callOk<SignInAttempt>(core, 'accounts.connect', { userId: user.id });
    for (const query of ['?code=stolen&state=wrong', '?code=stolen']) {
      const visit = await followToConsole(`${attempt.redirectUri}${query}`);
      expect(visit.callbackStatus).toBe(400);
      expect(visit.resultPage).toContain('does not belong to the sign-in');
      expect(visit.resultPage).not.toContain('stolen');
    }
    expect(outcomes).toHaveLength(0);
    await signInInBrowser(attempt.url, emulator, 'Adele Vance');
    expect(await finished()).toMatchObject({ outcome: 'connected' });
  });

  it('cancel ends the attempt and closes the listener', async () => {
    const { core, user, finished } = await setUp();
    const attempt = await callOk<SignInAttempt>(core, 'accounts.connect', { userId: user.id });
    expect(await callOk(core, 'accounts.cancelConnect', { attemptId: attempt.attemptId })).toEqual({ cancelled: true });
    expect(await finished()).toMatchObject({ outcome: 'cancelled', problem: null });
    await vi.waitFor(async () => expect(await refused(attempt.redirectUri)).toBe(true));
  });

  it('times out, says so in plain words and closes the listener', async () => {
    const { core, user, finished } = await setUp({ ports: { signInTimeoutMs: 300 } });
    const attempt = await callOk<SignInAttempt>(core, 'accounts.connect', { userId: user.id });
    expect(Date.parse(attempt.expiresAt) - Date.parse(attempt.startedAt)).toBe(300);
    expect(await finished()).toMatchObject({
      outcome: 'timedOut',
      problem: { code: 'timeout', explanation: expect.stringMatching(/No answer arrived in time/) },
    });
    await vi.waitFor(async () => expect(await refused(attempt.redirectUri)).toBe(true));
  });

  it('reports a busy fixed port with the fix', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { core, user } = await setUp({ config: { redirectPort: port } });
      expect(await call(core, 'accounts.connect', { userId: user.id })).toMatchObject({
        ok: false,
        error: {
          code: 'CONFLICT',
          message: expect.stringMatching(new RegExp(`Port ${port} .* in use.*clear Redirect port on the Integration page`)),
        },
      });
    } finally {
      blocker.close();
    }
  });

  it('uses the fixed port when one is set', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const { core, user, finished } = await setUp({ config: { redirectPort: port } });
    const attempt = await callOk<SignInAttempt>(core, 'accounts.connect', { userId: user.id });
    expect(attempt.redirectUri).toBe(`http://localhost:${port}/oauth/callback`);
    await signInInBrowser(attempt.url, emulator, 'Adele Vance');
    expect(await finished()).toMatchObject({ outcome: 'connected' });
  });
});

describe('shutting down', () => {
  it('closes a waiting sign-in listener with the console', async () => {
    const { core, user } = await setUp();
    const attempt = await callOk<SignInAttempt>(core, 'accounts.connect', { userId: user.id });
    await core.shutdown();
    await vi.waitFor(async () => expect(await refused(attempt.redirectUri)).toBe(true));
  });
});
