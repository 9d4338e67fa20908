/**
 * MSAL's token cache kept in the credential vault, one encrypted entry per connected account:
 * read (decrypted) once per refresh — after `readOnNextAccess()` — not on every MSAL access, since
 * this plugin is the only writer of its entry and MSAL keeps what it read in memory; written back
 * only when MSAL says the cache changed. Every token found in it is made known to the log
 * redactor, so none can reach a log line.
 */
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { CredentialVault } from '../vault/credentialVault';

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
    private readonly registerSecret: (value: string) => void,
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

  private announceTokens(serialized: string): void {
    try {
      const cache = JSON.parse(serialized) as Record<string, Record<string, { secret?: unknown }> | undefined>;
      for (const section of ['AccessToken', 'RefreshToken', 'IdToken'] as const) {
        for (const entry of Object.values(cache[section] ?? {})) if (typeof entry.secret === 'string') this.registerSecret(entry.secret);
      }
    } catch {
      // Not JSON: the whole value is already known to the redactor through the vault.
    }
  }
}
