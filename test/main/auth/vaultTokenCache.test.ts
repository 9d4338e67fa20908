// The token cache tells the log redactor each token it holds and forgets the ones a refresh
// replaced: what the redactor keeps stays one account's worth, however often tokens are refreshed.
import type { TokenCacheContext } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { VaultTokenCache } from '../../../src/main/auth/vaultTokenCache';
import { redacted, Redactor } from '../../../src/main/logs/redactor';
import type { CredentialVault } from '../../../src/main/vault/credentialVault';

const now = Date.parse('2026-11-26T12:00:00Z');
const cacheText = (refresh: string, access: string, expiresAtMs: number) =>
  JSON.stringify({
    AccessToken: { a: { secret: access, expires_on: String(Math.floor(expiresAtMs / 1000)) } },
    RefreshToken: { r: { secret: refresh } },
    IdToken: {},
  });

function contextWith(serialized: string, changed: boolean): TokenCacheContext {
  return {
    cacheHasChanged: changed,
    tokenCache: { serialize: () => serialized, deserialize: () => {} },
  } as unknown as TokenCacheContext;
}

describe('VaultTokenCache and the log redactor', () => {
  it('forgets the refresh token a refresh replaced, keeps the old access token until it expires, and forgets all on disconnect', async () => {
    let clock = now;
    const redactor = new Redactor(() => clock);
    let stored = cacheText('M.C5_BAY.refresh-one-abcdef', 'EwB.access-one-abcdef', now + 3600_000);
    const vault = {
      get: async () => stored,
      put: async (_name: string, value: string) => void (stored = value),
    } as unknown as CredentialVault;
    const secrets = {
      registerSecret: (value: string, lifetime?: Parameters<Redactor['registerSecret']>[1]) => redactor.registerSecret(value, lifetime),
      forgetSecretsOf: (owner: string) => redactor.forgetOwner(owner),
    };
    const cache = new VaultTokenCache(vault, 'account.1.tokenCache', secrets);

    await cache.beforeCacheAccess(contextWith(stored, false));
    expect(redactor.redactText('M.C5_BAY.refresh-one-abcdef EwB.access-one-abcdef')).toBe(`${redacted} ${redacted}`);

    // 55 minutes later MSAL refreshes: a new access token and a rotated refresh token are written back.
    clock += 55 * 60_000;
    await cache.afterCacheAccess(contextWith(cacheText('M.C5_BAY.refresh-two-ghijkl', 'EwB.access-two-ghijkl', clock + 3600_000), true));
    const line = 'M.C5_BAY.refresh-one-abcdef EwB.access-one-abcdef M.C5_BAY.refresh-two-ghijkl EwB.access-two-ghijkl';
    // The old access token is still accepted by Graph for a few minutes: still redacted.
    expect(redactor.redactText(line)).toBe(`M.C5_BAY.refresh-one-abcdef ${redacted} ${redacted} ${redacted}`);
    expect(redactor.size).toBe(3);

    // Disconnected: the live access token stays known until it expires, the refresh token is gone.
    secrets.forgetSecretsOf('account.1.tokenCache');
    expect(redactor.redactText(line)).toBe(`M.C5_BAY.refresh-one-abcdef ${redacted} M.C5_BAY.refresh-two-ghijkl ${redacted}`);
  });
});
