/**
 * Access tokens kept in this process's memory until shortly before they expire, so a Graph request
 * costs no vault decryption and no MSAL call. It is a port: whoever can get a token plugs in its
 * `acquire` under its own key — the delegated accounts (`user:{id}`) now, an app-only
 * (client-credentials) provider later (`app:{tenant}`) — and shares the expiry and single-flight
 * rules. Never persisted: MSAL's vault-held cache stays the one place tokens are stored.
 */
export type AcquiredToken = { accessToken: string; expiresAt: Date };

/** Refreshed this long before expiry: a token handed out must outlive the request (and its retries) it goes on. */
export const refreshBeforeExpiryMs = 5 * 60_000;

export class AccessTokenCache {
  private readonly tokens = new Map<string, AcquiredToken>();
  private readonly inFlight = new Map<string, Promise<AcquiredToken>>();
  /** Times `acquire` ran: tests prove tokens are reused, not fetched per request. */
  acquisitions = 0;
  /** Bumped by `forget`: a refresh that was under way when its key was forgotten is not kept. */
  private generation = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  /**
   * The cached token of `key` while it has more than `refreshBeforeExpiryMs` left; otherwise one
   * `acquire` for every concurrent caller (a pool of mailboxes asking at once refreshes once).
   */
  async get(key: string, acquire: () => Promise<AcquiredToken>, options: { forceRefresh?: boolean } = {}): Promise<string> {
    const known = this.tokens.get(key);
    if (!options.forceRefresh && known && known.expiresAt.getTime() - this.now().getTime() > refreshBeforeExpiryMs)
      return known.accessToken;
    let pending = this.inFlight.get(key);
    if (!pending) {
      this.acquisitions++;
      pending = acquire().finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
      // A forced refresh replaces the token even for callers that were already given the old one.
      if (options.forceRefresh) this.tokens.delete(key);
    }
    const generation = this.generation;
    const token = await pending;
    if (generation === this.generation) this.tokens.set(key, token);
    return token.accessToken;
  }

  /** After a disconnect, a refused refresh, or a changed integration: the next call acquires again. */
  forget(key: string): void {
    this.generation++;
    this.tokens.delete(key);
  }

  forgetAll(): void {
    this.generation++;
    this.tokens.clear();
  }
}
