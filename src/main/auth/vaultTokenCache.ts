/**
 * MSAL's token cache kept in the credential vault, one encrypted entry per connected account:
 * read (decrypted) once per refresh — after `readOnNextAccess()` — not on every MSAL access, since
 * this plugin is the only writer of its entry and MSAL keeps what it read in memory; written back
 * only when MSAL says the cache changed. Every token found in it is made known to the log
 * redactor, so none can reach a log line.
 */
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { SecretLifetime } from '../logs/redactor';
import type { CredentialVault } from '../vault/credentialVault';

/** The log redactor as the token cache tells it about tokens: each one its cache holds, and the ones it no longer does. */
export type TokenSecrets = {
  registerSecret(value: string, lifetime?: SecretLifetime): void;
  /** The cache's tokens are gone or replaced: forgotten, except access tokens still accepted until their expiry. */
  forgetSecretsOf(owner: string): void;
};

export function tokenCacheEntryName(userId: number): string {
  return `account.${userId}.tokenCache`;
}

/** The user a vault entry holds the sign-in of; null for any other entry. */
export function userIdOfTokenCacheEntry(name: string): number | null {
  const match = /^account\.(\d+)\.tokenCache$/.exec(name);
  return match ? Number(match[1]) : null;
}

export class VaultTokenCache implements ICachePlugin {
  /** How many times the cache was written: tests prove an unchanged cache is not rewritten. */
  writes = 0;
  /** How many times the cache was read from the vault: tests prove it is once per refresh. */
  reads = 0;
  private loaded = false;

  constructor(
    private readonly vault: CredentialVault,
    private readonly entryName: string,
    private readonly secrets: TokenSecrets,
  ) {}

  /** The next MSAL access reads the vault again (the start of a refresh). */
  readOnNextAccess(): void {
    this.loaded = false;
  }

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    if (this.loaded) return;
    // The tokens in it are announced one by one (announceTokens), not the cache's whole text.
    const stored = await this.vault.get(this.entryName, { announce: false });
    this.reads += 1;
    this.loaded = true;
    if (stored) {
      this.announceTokens(stored);
      context.tokenCache.deserialize(stored);
    }
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    if (!context.cacheHasChanged) return;
    const serialized = context.tokenCache.serialize();
    this.announceTokens(serialized);
    await this.vault.put(this.entryName, serialized, 'vault', { announce: false });
    this.writes += 1;
  }

  /**
   * The cache as stored now is every token of this account the console holds: the redactor learns
   * them, and forgets the ones a refresh replaced (a rotated refresh token), so what it keeps does
   * not grow with every refresh. An access token is kept known until it expires.
   */
  private announceTokens(serialized: string): void {
    let cache: Record<string, Record<string, { secret?: unknown; expires_on?: unknown }> | undefined>;
    try {
      cache = JSON.parse(serialized) as typeof cache;
    } catch {
      // Not JSON: nothing in it can be told apart, and nothing is forgotten.
      return;
    }
    this.secrets.forgetSecretsOf(this.entryName);
    for (const section of ['AccessToken', 'RefreshToken', 'IdToken'] as const) {
      for (const entry of Object.values(cache[section] ?? {})) {
        if (typeof entry.secret !== 'string') continue;
        // MSAL keeps an access token's expiry in seconds since the epoch, as text.
        const expiresOn = section === 'AccessToken' ? Number(entry.expires_on) : NaN;
        this.secrets.registerSecret(entry.secret, {
          owner: this.entryName,
          expiresAt: Number.isFinite(expiresOn) ? new Date(expiresOn * 1000) : undefined,
        });
      }
    }
  }
}
