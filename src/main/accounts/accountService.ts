import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import {
  ContractError,
  type IntegrationConfig,
  type AccountRow,
  type AccountsView,
  type AttemptOutcome,
  type ConnectedAccount,
  type ConsoleStatus,
  type SignInAttempt,
} from '../../shared/contract';
import type { AccessService } from '../access/accessService';
import { explainProblem, type MicrosoftProblemCode } from '../auth/microsoftErrors';
import { LoopbackPortBusyError, defaultAttemptTimeoutMs } from '../auth/loopbackRedirect';
import { fetchTrusting, type DiscoveryCache } from '../auth/httpsWithCa';
import { createSignInSetup, customHosts, type SignInSetup } from '../auth/msalClient';
import { graphBaseUrl } from '../../shared/integration/clouds';
import { isInteractionRequired, loadMsal } from '../auth/msalLibrary';
import { graphTokenScopes } from '../../shared/integration/permissions';
import type { MailAccess } from '../mail/mailAccess';
import { VaultTokenCache, tokenCacheEntryName, type TokenSecrets } from '../auth/vaultTokenCache';
import { AccessTokenCache } from '../auth/accessTokenCache';
import { AccountNeedsReconnectError, NoConnectedAccountError, type GraphAccess } from '../graph/graphAccess';
import type { RetryPolicy } from '../graph/retryPolicy';
import type { IntegrationService } from '../integration/integrationService';
import type { Logger } from '../logs/logService';
import type { CredentialVault } from '../vault/credentialVault';
import { AccountRepository, type StoredAccount } from './accountRepository';
import { accountView, missingScopes } from './accountView';
import { startSignInAttempt, type RunningAttempt, type SignedIn } from './signInAttempt';

/** MSAL clients kept for reuse: several pools' worth of accounts refreshing at once, not the whole organisation. */
export const maxKeptClients = 256;

type CurrentIntegration = {
  config: IntegrationConfig;
  secret: string | undefined;
  /** Hash of the settings and the secret: tells one integration from another. */
  key: string;
  /** Where Graph is and how to reach it: what a Graph request needs, with no MSAL client. */
  graph: { baseUrl: string; fetch: typeof globalThis.fetch };
  discovery: DiscoveryCache;
};

export type AccountServiceOptions = {
  db: DatabaseSync;
  vault: CredentialVault;
  integration: IntegrationService;
  access: AccessService;
  log: Logger;
  /** The log redactor: told every token, and when an account's tokens are gone. */
  registerSecret: TokenSecrets['registerSecret'];
  forgetSecretsOf: TokenSecrets['forgetSecretsOf'];
  openBrowser: (url: string) => Promise<void>;
  canOpenBrowser: boolean;
  now: () => Date;
  /** How long a sign-in waits for the browser (5 minutes unless configured). */
  attemptTimeoutMs?: number;
  /** How the token endpoint's throttling and server errors are tried again (Graph's policy). */
  retryPolicy?: RetryPolicy;
  onChange: () => void;
  onAttemptFinished: (outcome: AttemptOutcome) => void;
};

type Pending = { running: RunningAttempt; attempt: SignInAttempt };

/**
 * Connected Outlook accounts: connect through the system browser and the loopback redirect,
 * silent refresh before every Graph use, Needs reconnect when Microsoft refuses the refresh
 * token, disconnect. Implements the `GraphAccess` seam the features calling Graph consume.
 */
export class AccountService {
  private readonly accounts: AccountRepository;
  /**
   * The MSAL clients of the accounts refreshed lately, oldest first. Bounded: a client (and the
   * token cache it read) is needed only while its account refreshes, and keeping one for each of
   * 10,000 accounts would make memory grow with the organisation.
   */
  private readonly setups = new Map<number, { key: string; setup: SignInSetup; cache: VaultTokenCache }>();
  /** The integration as of its last change: its settings and decrypted secret, read once per `integration.changed`. */
  private integrationNow: Promise<CurrentIntegration> | undefined;
  /** The integration the access tokens in memory were got with: another one forgets them all. */
  private tokensFor: string | undefined;
  /** Graph access tokens in memory until shortly before expiry: a request costs no vault read and no MSAL call. */
  readonly accessTokens = new AccessTokenCache(() => this.options.now());
  private readonly pending = new Map<string, Pending>();
  private readonly lastOutcomes = new Map<number, AttemptOutcome>();
  private stopped = false;
  private changeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: AccountServiceOptions) {
    this.accounts = new AccountRepository(options.db, options.now);
  }

  /** The users with External Accounts access, and anyone else who still has an account connected. */
  list(): AccountsView {
    const { access } = this.options;
    const stored = new Map(this.accounts.list().map((account) => [account.userId, account]));
    const requested = this.requestedScopes();
    const rows: AccountRow[] = [];
    for (const user of access.overview().users) {
      const check = access.checkScope(user.id, 'externalAccounts');
      const account = stored.get(user.id);
      if (!check.granted && (!account || account.status === 'disconnected')) continue;
      rows.push({
        user: { id: user.id, name: user.name, email: user.email },
        accessProblem: check.granted ? null : check.message,
        account: account ? this.withVaultState(user.id, accountView(account, requested)) : null,
        attempt: [...this.pending.values()].find((entry) => entry.attempt.userId === user.id)?.attempt ?? null,
        lastOutcome: this.lastOutcomes.get(user.id) ?? null,
      });
    }
    return {
      rows,
      requestedScopes: requested,
      notReady: this.notReady(),
      integrationEnabled: this.options.integration.isEnabled(),
      canOpenBrowser: this.options.canOpenBrowser,
    };
  }

  row(userId: number): AccountRow {
    const row = this.list().rows.find((candidate) => candidate.user.id === userId);
    if (row) return row;
    const user = this.options.access.getUser(userId);
    return {
      user: { id: user.id, name: user.name, email: user.email },
      accessProblem: this.options.access.checkScope(userId, 'externalAccounts').granted ? null : 'No External Accounts access.',
      account: null,
      attempt: null,
      lastOutcome: null,
    };
  }

  /** Starts a sign-in for the user: opens the browser where possible; the URL is always returned to show. */
  async connect(userId: number): Promise<SignInAttempt> {
    const user = this.options.access.requireScope(userId, 'externalAccounts');
    const notReady = this.notReady();
    if (notReady) throw new ContractError('CONFLICT', notReady);
    for (const [id, entry] of this.pending) if (entry.attempt.userId === userId) this.cancel(id);

    const setup = await this.setupFor(userId);
    const timeoutMs = this.options.attemptTimeoutMs ?? defaultAttemptTimeoutMs;
    let running: RunningAttempt;
    try {
      running = await startSignInAttempt({
        userId,
        setup,
        fixedPort: this.options.integration.config().redirectPort,
        timeoutMs,
        now: this.options.now,
        registerSecret: this.options.registerSecret,
        onSignedIn: (signedIn) => this.saveConnection(userId, user.name, setup, signedIn),
      });
    } catch (error) {
      if (error instanceof LoopbackPortBusyError) throw new ContractError('CONFLICT', error.message);
      const problem = setup.explain(error);
      this.options.log.warning(`Connecting an Outlook account for ${user.name} could not start: ${problem.explanation}`, {
        problem: problem.code,
        error,
      });
      throw new ContractError('CONFLICT', `${problem.explanation} ${problem.fix}`);
    }

    const opened = await this.openInBrowser(running.attempt.url);
    const attempt: SignInAttempt = { ...running.attempt, ...opened };
    this.pending.set(attempt.attemptId, { running, attempt });
    this.lastOutcomes.delete(userId);
    this.options.log.info(
      `Sign-in for ${user.name} started (${setup.kind} client, redirect ${attempt.redirectUri}); waiting up to ${Math.round(timeoutMs / 1000)} s for the browser.`,
    );
    void running.ended.then((end) => this.attemptEnded(attempt, user.name, end));
    this.options.onChange();
    return attempt;
  }

  cancel(attemptId: string): { cancelled: boolean } {
    const entry = this.pending.get(attemptId);
    if (!entry) return { cancelled: false };
    entry.running.cancel();
    return { cancelled: true };
  }

  /** Refreshes now (a forced silent refresh); a refused refresh shows on the row as Needs reconnect. */
  async refresh(userId: number): Promise<AccountRow> {
    try {
      await this.silentToken(userId, true);
    } catch (error) {
      if (!(error instanceof AccountNeedsReconnectError || error instanceof NoConnectedAccountError))
        throw new ContractError('CONFLICT', (error as Error).message);
    }
    return this.row(userId);
  }

  /**
   * The integration changed (settings, secret, vault state): the next token request reads the
   * settings and decrypts the secret once, and rebuilds an account's MSAL client only if they differ.
   */
  integrationChanged(): void {
    this.integrationNow = undefined;
  }

  /** Removes the account's tokens (vault entry and in-memory cache). The page asks first. */
  disconnect(userId: number): AccountRow {
    const stored = this.accounts.find(userId);
    for (const [id, entry] of this.pending) if (entry.attempt.userId === userId) this.cancel(id);
    this.options.vault.delete(tokenCacheEntryName(userId));
    this.options.forgetSecretsOf(tokenCacheEntryName(userId));
    this.setups.delete(userId);
    this.accessTokens.forget(tokenKey(userId));
    if (stored && stored.status !== 'disconnected') {
      this.accounts.setStatus(userId, 'disconnected', null);
      this.options.log.info(`Outlook account ${stored.userPrincipalName} disconnected; its tokens were removed.`, { userId });
    }
    this.options.onChange();
    return this.row(userId);
  }

  /** The `GraphAccessProvider` for calendar sync, contacts push and Diagnostics. */
  async graphAccess(userId: number): Promise<GraphAccess | undefined> {
    const stored = this.accounts.find(userId);
    if (!stored || stored.status === 'disconnected') return undefined;
    // No MSAL client yet: one is made only when the account's token needs refreshing.
    const { graph } = await this.currentIntegration();
    return {
      account: { userPrincipalName: stored.userPrincipalName, displayName: stored.displayName },
      baseUrl: graph.baseUrl,
      fetch: graph.fetch,
      accessToken: (options) => this.silentToken(userId, options?.forceRefresh ?? false),
    };
  }

  /** The `MailAccessProvider` for the Diagnostics mail checks: a token for Exchange Online, not Graph. */
  async mailAccess(userId: number): Promise<MailAccess | undefined> {
    const stored = this.accounts.find(userId);
    if (!stored || stored.status === 'disconnected') return undefined;
    return { userPrincipalName: stored.userPrincipalName, accessToken: () => this.mailToken(userId) };
  }

  connectedUserIds(): number[] {
    return this.accounts
      .list()
      .filter((account) => account.status !== 'disconnected')
      .map((account) => account.userId);
  }

  needingReconnect(): ConsoleStatus['accountsNeedingReconnect'] {
    return this.accounts.withStatus('needsReconnect').map((account) => ({
      userId: account.userId,
      userName: this.options.access.getUser(account.userId).name,
      userPrincipalName: account.userPrincipalName,
    }));
  }

  /** Cancels waiting sign-ins so no listener outlives the console; their endings are not recorded (the database closes next). */
  shutdown(): void {
    this.stopped = true;
    clearTimeout(this.changeTimer);
    for (const id of [...this.pending.keys()]) this.cancel(id);
  }

  /**
   * What must be set before anyone can connect. The Enabled switch is not required: it governs the
   * sync, and an app registration without a secret (a public client) cannot be switched on.
   */
  notReady(): string | null {
    // A sign-in would be stored with a key the other secrets were not encrypted with.
    if (this.options.vault.state().state === 'unreadable')
      return 'The console’s stored secrets cannot be read with the key it has now: restore the key, or clear the unreadable secrets (see the notice above), before connecting accounts.';
    const config = this.options.integration.config();
    if (!config.clientId) return 'Enter the Client ID on the Integration page before connecting accounts.';
    if (config.accountType === 'singleTenant' && !config.tenant)
      return 'Enter the Directory (tenant) ID on the Integration page before connecting accounts.';
    if (config.cloud === 'custom' && (!config.customCloud.loginHost || !config.customCloud.graphHost))
      return 'Enter the custom cloud’s sign-in host and Graph host on the Integration page before connecting accounts.';
    return null;
  }

  /** A sign-in the vault holds but cannot read with the key it has now needs the key back, or a new sign-in. */
  private withVaultState(userId: number, account: ConnectedAccount): ConnectedAccount {
    if (account.status === 'disconnected' || !this.options.vault.isUnreadable(tokenCacheEntryName(userId))) return account;
    return {
      ...account,
      status: 'needsReconnect',
      problem: {
        code: 'secretsUnreadable',
        explanation: 'Its sign-in is kept in the vault, which the console cannot read with the key it has now.',
        fix: 'Restore the key (see the notice above) and press Check again, or clear the unreadable secrets and connect the account again.',
      },
    };
  }

  private requestedScopes(): string[] {
    const config = this.options.integration.config();
    try {
      return graphTokenScopes(config.features, config.cloud, customHosts(config));
    } catch {
      // A custom cloud without its hosts yet: nothing can be requested until it has them.
      return [];
    }
  }

  /** The token in memory while it is fresh; MSAL (and the vault-held cache, read once) only to refresh it. */
  private async silentToken(userId: number, forceRefresh: boolean): Promise<string> {
    // Settings change for many reasons (the log level, a schedule): only another integration voids the tokens.
    const { key } = await this.currentIntegration();
    if (key !== this.tokensFor) {
      if (this.tokensFor !== undefined) this.accessTokens.forgetAll();
      this.tokensFor = key;
    }
    return this.accessTokens.get(tokenKey(userId), () => this.acquireSilently(userId, forceRefresh), { forceRefresh });
  }

  private async acquireSilently(userId: number, forceRefresh: boolean): Promise<{ accessToken: string; expiresAt: Date }> {
    const { stored, setup, account } = await this.cachedAccount(userId);
    try {
      const result = await setup.client.acquireTokenSilent({ account, scopes: silentScopes(stored, setup), forceRefresh });
      // Known to the redactor until it expires: a new one every hour must not add up.
      this.options.registerSecret(result.accessToken, { expiresAt: result.expiresOn ?? undefined });
      if (!result.fromCache) {
        this.accounts.recordRefresh(userId, this.options.now(), result.scopes);
        this.changedSoon();
      }
      // Without an expiry MSAL gives no promise of freshness: keep it for no time at all.
      return { accessToken: result.accessToken, expiresAt: result.expiresOn ?? this.options.now() };
    } catch (error) {
      const problem = setup.explain(error);
      if (problem.needsReconnect || isInteractionRequired(error))
        throw this.markNeedsReconnect(stored, problem.code, problem.explanation, error);
      throw new Error(`${problem.explanation} ${problem.fix}`, { cause: error });
    }
  }

  /**
   * Refreshes are announced at most once a second: a run refreshing 10,000 accounts must not
   * make the Accounts page and the status bar re-read every account 10,000 times.
   */
  private changedSoon(): void {
    if (this.changeTimer) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      if (!this.stopped) this.options.onChange();
    }, 1000);
    this.changeTimer.unref();
  }

  /**
   * A token for Exchange Online from the same refresh token (MSAL keeps it apart from the Graph one).
   * Only a refused refresh token means Needs reconnect: missing mail consent leaves Graph working.
   */
  private async mailToken(userId: number): Promise<string> {
    const { stored, setup, account } = await this.cachedAccount(userId);
    if (setup.mailScopes.length === 0)
      throw new Error(
        'Neither email fetching (IMAP) nor email sending (SMTP) is switched on on the Integration page, so no mail token is requested.',
      );
    try {
      const result = await setup.client.acquireTokenSilent({ account, scopes: setup.mailScopes });
      this.options.registerSecret(result.accessToken, { expiresAt: result.expiresOn ?? undefined });
      return result.accessToken;
    } catch (error) {
      const problem = setup.explain(error);
      if (problem.needsReconnect) throw this.markNeedsReconnect(stored, problem.code, problem.explanation, error);
      if (problem.code === 'AADSTS65001' || isInteractionRequired(error)) {
        throw new Error(
          `Microsoft has not granted this account the mail permissions (${setup.mailScopes.join(', ')}). Grant admin consent on the Integration page (it includes IMAP.AccessAsUser.All and SMTP.Send when those features are on), then reconnect the account on the Accounts page.`,
          { cause: error },
        );
      }
      throw new Error(`${problem.explanation} ${problem.fix}`, { cause: error });
    }
  }

  private async cachedAccount(userId: number) {
    const stored = this.accounts.find(userId);
    if (!stored || stored.status === 'disconnected') throw new NoConnectedAccountError(userId);
    if (stored.status === 'needsReconnect') throw new AccountNeedsReconnectError(userId, explainProblem('invalid_grant').explanation);
    const setup = await this.setupFor(userId);
    // A refresh reads the vault-held cache once: the account lookup and the silent call share it.
    this.setups.get(userId)?.cache.readOnNextAccess();
    const account = await setup.client.getTokenCache().getAccountByHomeId(stored.homeAccountId);
    if (!account) throw this.markNeedsReconnect(stored, 'invalid_grant', 'its tokens are no longer in the vault');
    return { stored, setup, account };
  }

  /** Marks the account and logs it once: later runs see the status and say nothing more. */
  private markNeedsReconnect(
    stored: StoredAccount,
    code: MicrosoftProblemCode,
    reason: string,
    error?: unknown,
  ): AccountNeedsReconnectError {
    this.accessTokens.forget(tokenKey(stored.userId));
    const current = this.accounts.find(stored.userId);
    if (current?.status !== 'needsReconnect') {
      this.accounts.setStatus(stored.userId, 'needsReconnect', code);
      const userName = this.options.access.getUser(stored.userId).name;
      this.options.log.warning(
        `The Outlook account ${stored.userPrincipalName} of ${userName} needs to be reconnected: ${reason} Fix: reconnect it on the Accounts page.`,
        { userId: stored.userId, problem: code, error },
      );
      this.options.onChange();
    }
    return new AccountNeedsReconnectError(stored.userId, reason);
  }

  private async saveConnection(userId: number, userName: string, setup: SignInSetup, { result, me }: SignedIn): Promise<void> {
    const homeAccountId = result.account?.homeAccountId;
    if (!homeAccountId) throw new Error('Microsoft’s answer named no account (client_info missing).');
    // One account per user: a reconnect with another Microsoft account replaces the old one in the cache.
    const cache = setup.client.getTokenCache();
    for (const other of await cache.getAllAccounts()) if (other.homeAccountId !== homeAccountId) await cache.removeAccount(other);
    const at = this.options.now().toISOString();
    this.accounts.save({
      userId,
      homeAccountId,
      userPrincipalName: me.userPrincipalName,
      displayName: me.displayName,
      status: 'connected',
      grantedScopes: result.scopes,
      requestedScopes: setup.requestedScopes,
      connectedAt: at,
      lastRefreshAt: at,
      problemCode: null,
    });
    const missing = missingScopes(result.scopes, setup.requestedScopes);
    this.options.log.info(`Outlook account ${me.userPrincipalName} connected for ${userName} (${setup.kind} client).`, {
      userId,
      missingScopes: missing,
    });
  }

  private attemptEnded(attempt: SignInAttempt, userName: string, end: Awaited<RunningAttempt['ended']>): void {
    this.pending.delete(attempt.attemptId);
    if (this.stopped) return;
    const problem = end.outcome === 'failed' || end.outcome === 'timedOut' ? end.problem : null;
    if (end.outcome === 'cancelled') this.options.log.info(`Sign-in for ${userName} cancelled.`);
    else if (problem)
      this.options.log.warning(`Sign-in for ${userName} did not connect: ${problem.explanation} Fix: ${problem.fix}`, {
        problem: problem.code,
        error: 'error' in end ? end.error : undefined,
      });
    const outcome: AttemptOutcome = {
      attemptId: attempt.attemptId,
      userId: attempt.userId,
      outcome: end.outcome,
      at: this.options.now().toISOString(),
      problem,
    };
    this.lastOutcomes.set(attempt.userId, outcome);
    this.options.onAttemptFinished(outcome);
    this.options.onChange();
  }

  private async openInBrowser(url: string): Promise<{ opened: boolean; note: string | null }> {
    if (!this.options.canOpenBrowser) {
      return {
        opened: false,
        note: 'Headless mode cannot open a browser: copy the sign-in link and open it in a browser on this machine (the answer comes back to 127.0.0.1).',
      };
    }
    try {
      await this.options.openBrowser(url);
      return { opened: true, note: null };
    } catch (error) {
      return {
        opened: false,
        note: `The browser was not opened (${(error as Error).message}). Copy the sign-in link and open it yourself.`,
      };
    }
  }

  /** The settings and the secret as of the last `integration.changed`: the secret is decrypted once per change. */
  private currentIntegration(): Promise<CurrentIntegration> {
    const loading = (this.integrationNow ??= (async () => {
      const config = this.options.integration.config();
      const secret = await this.options.integration.clientSecret();
      const key = createHash('sha256')
        .update(JSON.stringify(config))
        .update('\0')
        .update(secret ?? '')
        .digest('hex');
      const caPem = config.customCloud.caCertificatePem;
      let baseUrl = '';
      try {
        baseUrl = graphBaseUrl(config.cloud, customHosts(config));
      } catch {
        // A custom cloud without its Graph host: no account can be connected until it has one.
      }
      const graph = { baseUrl, fetch: fetchTrusting(caPem) };
      return { config, secret, key, graph, discovery: new Map() };
    })());
    // A failed read (an unreadable vault) is tried again by the next caller, not remembered.
    loading.catch(() => {
      if (this.integrationNow === loading) this.integrationNow = undefined;
    });
    return loading;
  }

  /**
   * Lets go of every account's MSAL application and the token cache it holds decrypted (refresh
   * tokens among it), once the console is quiet after work. Nothing needs them before an access
   * token is due for renewal, which is kept in memory until shortly before it expires; that renewal
   * builds the account's application again and reads its cache once (measured at idle after a
   * 100-mailbox run: 1.8 and 2.4 MB less resident memory in two pairs of runs).
   */
  releaseClients(): void {
    this.setups.clear();
  }

  /** How many accounts' MSAL applications are held now. */
  get keptClients(): number {
    return this.setups.size;
  }

  /** One MSAL application per account (its own vault-held cache), rebuilt when the settings or the secret change. */
  private async setupFor(userId: number): Promise<SignInSetup> {
    // Loaded first: from the integration read on, nothing awaits, so two calls cannot both build a setup.
    const msal = await loadMsal();
    const { config, secret, key, discovery } = await this.currentIntegration();
    const known = this.setups.get(userId);
    this.setups.delete(userId);
    if (known?.key === key) {
      this.setups.set(userId, known); // now the newest
      return known.setup;
    }
    const cache = new VaultTokenCache(this.options.vault, tokenCacheEntryName(userId), this.options);
    const setup = createSignInSetup(
      {
        config,
        clientSecret: secret,
        cachePlugin: cache,
        log: this.options.log,
        retryPolicy: this.options.retryPolicy,
        discovery,
      },
      msal,
    );
    this.setups.set(userId, { key, setup, cache });
    // A client dropped here may still be finishing a refresh: it holds what it needs until then.
    for (const oldest of this.setups.keys()) {
      if (this.setups.size <= maxKeptClients) break;
      this.setups.delete(oldest);
    }
    return setup;
  }
}

/**
 * The scopes as Microsoft granted them, which is how MSAL's cache keys the access token (Entra may
 * answer `Calendars.ReadWrite` to a request for `https://graph.microsoft.com/Calendars.ReadWrite`):
 * asking with other spellings would miss the cache and refresh on every call. A newly requested
 * permission is not asked for silently: the account shows it as missing, with its fix.
 */
function tokenKey(userId: number): string {
  return `user:${userId}`;
}

function silentScopes(stored: StoredAccount, setup: SignInSetup): string[] {
  const granted = stored.grantedScopes.filter((scope) => !['openid', 'profile', 'email', 'offline_access'].includes(scope.toLowerCase()));
  return granted.length > 0 ? granted : setup.signInScopes;
}
