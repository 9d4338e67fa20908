// The cost of a Graph request's token: the client secret and the account's vault-held token cache
// are decrypted once per change of the integration (or once per refresh), never per request.
import { describe, expect, it } from 'vitest';
import type { IntegrationView, SignInAttempt } from '../../../src/shared/contract';
import { tokenCacheEntryName } from '../../../src/main/auth/vaultTokenCache';
import { GraphMailbox } from '../../../src/main/graph/graphMailbox';
import { MailboxGate } from '../../../src/main/graph/mailboxGate';
import { defaultRetryPolicy } from '../../../src/main/graph/retryPolicy';
import type { CorePorts } from '../../../src/main/core';
import type { MemoryRelease } from '../../../src/main/jobs/memoryRelease';
import type { Encryptor } from '../../../src/main/vault/encryptor';
import type { Emulator } from '../../emulator/server';
import { testEncryptor } from '../../support/testCore';
import { callOk, signInInBrowser, useEmulatorConsoles } from './accountsFixture';

let emulator: Emulator;
const { setUp } = useEmulatorConsoles((started) => {
  emulator = started;
});

/** MSAL adds `?client-request-id=…` to its token requests. */
const isTokenRequest = (path: string) => /\/oauth2\/v2\.0\/token(\?|$)/.test(path);

/** The test encryptor, counting what it decrypts by the plain text it gives back. */
function countingEncryptor() {
  const decrypted: string[] = [];
  const encryptor: Encryptor = {
    ...testEncryptor,
    decrypt: async (cipherText) => {
      const result = await testEncryptor.decrypt(cipherText);
      decrypted.push(result.plainText);
      return result;
    },
  };
  return { encryptor, decrypted };
}

/** A console with Adele's account connected; how often its token cache was decrypted and the token endpoint asked. */
async function connectedAccount(counting: ReturnType<typeof countingEncryptor>, ports: Partial<CorePorts> = {}) {
  const { core, user, finished } = await setUp({ ports: { encryptor: counting.encryptor, ...ports } });
  const attempt = await callOk<SignInAttempt>(core, 'accounts.connect', { userId: user.id });
  await signInInBrowser(attempt.url, emulator, 'Adele Vance');
  expect(await finished()).toMatchObject({ outcome: 'connected' });
  return {
    core,
    access: (await core.accounts.graphAccess(user.id))!,
    cacheReads: () => counting.decrypted.filter((plain) => plain.includes('"RefreshToken"')).length,
    tokenCalls: () => emulator.requestLog.entries.filter((entry) => isTokenRequest(entry.path)).length,
  };
}

describe('the token path of Graph requests', () => {
  it('decrypts the secret and the token cache once per change of the integration, not per request', async () => {
    const counting = countingEncryptor();
    const { core, user, finished } = await setUp({ ports: { encryptor: counting.encryptor } });
    const attempt = await callOk<SignInAttempt>(core, 'accounts.connect', { userId: user.id });
    await signInInBrowser(attempt.url, emulator, 'Adele Vance');
    expect(await finished()).toMatchObject({ outcome: 'connected' });
    const secret = (await core.integration.clientSecret())!;
    const cacheEntry = await core.vault.get(tokenCacheEntryName(user.id));
    const secretReads = () => counting.decrypted.filter((plain) => plain === secret).length;
    const cacheReads = () => counting.decrypted.filter((plain) => plain.includes('"RefreshToken"')).length;
    expect(cacheEntry).toContain('"RefreshToken"');

    const access = (await core.accounts.graphAccess(user.id))!;
    const box = new GraphMailbox({ userId: user.id, access, gate: new MailboxGate(), policy: defaultRetryPolicy });
    const tokenRequestsBefore = emulator.requestLog.entries.filter((entry) => isTokenRequest(entry.path)).length;
    const secretBefore = secretReads();
    const cacheBefore = cacheReads();
    await box.get('/me/calendar');
    const afterFirst = { secret: secretReads(), cache: cacheReads() };
    // At most one of each for the first request (the settings were saved after the sign-in's own reads).
    expect(afterFirst.secret - secretBefore).toBeLessThanOrEqual(1);
    expect(afterFirst.cache - cacheBefore).toBeLessThanOrEqual(1);
    for (let i = 0; i < 20; i++) await box.get('/me/calendar');
    await Promise.all(Array.from({ length: 10 }, () => access.accessToken()));
    expect(secretReads()).toBe(afterFirst.secret);
    expect(cacheReads()).toBe(afterFirst.cache);
    // The token was good for an hour: MSAL went to the token endpoint for none of these requests.
    expect(emulator.requestLog.entries.filter((entry) => isTokenRequest(entry.path)).length).toBe(tokenRequestsBefore);
    expect(core.accounts.accessTokens.acquisitions).toBe(1);

    // The same settings and secret saved again: the secret is read once to see that, the tokens stay.
    await callOk<IntegrationView>(core, 'integration.save', {
      config: core.integration.config(),
      secret: { value: secret, expiresOn: '2028-11-26' },
    });
    const afterSave = { secret: secretReads(), cache: cacheReads() };
    for (let i = 0; i < 10; i++) await box.get('/me/calendar');
    expect(secretReads() - afterSave.secret).toBe(1);
    expect(cacheReads()).toBe(afterSave.cache);
    expect(core.accounts.accessTokens.acquisitions).toBe(1);

    // A change of the integration (here its fixed redirect port): one decryption of each, then none.
    await callOk<IntegrationView>(core, 'integration.save', { config: { ...core.integration.config(), redirectPort: 53_123 } });
    const afterChange = { secret: secretReads(), cache: cacheReads() };
    for (let i = 0; i < 10; i++) await box.get('/me/calendar');
    expect(secretReads() - afterChange.secret).toBe(1);
    expect(cacheReads() - afterChange.cache).toBe(1);
    expect(core.accounts.accessTokens.acquisitions).toBe(2);
  });

  it('lets go of the MSAL client and its decrypted cache once quiet; the next renewal reads the cache once', async () => {
    const counting = countingEncryptor();
    const lettingGo: Array<() => void> = [];
    const memoryRelease: MemoryRelease = {
      busy: () => {},
      quiet: () => {},
      whenQuiet: (letGo) => void lettingGo.push(letGo),
      stop: () => {},
    };
    const { core, access, cacheReads, tokenCalls } = await connectedAccount(counting, { memoryRelease });
    const token = await access.accessToken();

    // The console goes quiet after work: the accounts feature is among those that let go.
    expect(lettingGo).toHaveLength(1);
    expect(core.accounts.keptClients).toBe(1);
    lettingGo.forEach((letGo) => letGo());
    expect(core.accounts.keptClients).toBe(0);
    const before = { cache: cacheReads(), token: tokenCalls() };
    // The access token is still in memory: no client, no cache, no token request.
    expect(await access.accessToken()).toBe(token);
    expect(cacheReads()).toBe(before.cache);
    // Its renewal builds the client again: the cache is read once and the token endpoint asked once.
    const renewed = await access.accessToken({ forceRefresh: true });
    expect(renewed).not.toBe(token);
    expect(cacheReads() - before.cache).toBe(1);
    expect(tokenCalls() - before.token).toBe(1);
    expect(core.accounts.keptClients).toBe(1);
    expect(await access.accessToken()).toBe(renewed);
    expect(cacheReads() - before.cache).toBe(1);
  });

  it('a forced refresh (Graph said 401) reads the token cache once and goes to the token endpoint once', async () => {
    const { access, cacheReads, tokenCalls } = await connectedAccount(countingEncryptor());
    const first = await access.accessToken();
    const before = { cache: cacheReads(), token: tokenCalls() };
    // Five requests told 401 at once ask for a refresh together: one refresh serves them all.
    const refreshed = await Promise.all(Array.from({ length: 5 }, () => access.accessToken({ forceRefresh: true })));
    expect(new Set(refreshed).size).toBe(1);
    expect(refreshed[0]).not.toBe(first);
    expect(cacheReads() - before.cache).toBe(1);
    expect(tokenCalls() - before.token).toBe(1);
    expect(await access.accessToken()).toBe(refreshed[0]);
  });
});
