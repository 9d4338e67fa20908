import { randomBytes } from 'node:crypto';
import { ContractError, type FieldIssue } from '../../shared/contract';
import type { CustomCloudHosts } from '../../shared/integration/clouds';
import { adminConsentScopes } from '../../shared/integration/organisationSetup';
import { adminConsentTenant, adminConsentUrl, registeredRedirectUri } from '../../shared/integration/redirectAndConsent';
import type { IntegrationService } from './integrationService';

/** How long a consent attempt's `state` stays valid: long enough to sign in as an administrator. */
const attemptLifetimeMs = 30 * 60 * 1000;

/** What the loopback redirect (issue 5's listener) hands over after Entra's admin consent page. */
export type AdminConsentRedirect = {
  state: string;
  /** `admin_consent=True` on success. */
  adminConsent: boolean;
  error?: string;
  errorDescription?: string;
};

type PendingAttempt = { state: string; startedAt: number; clientId: string; scopes: string[] };

export type AdminConsentOptions = {
  integration: IntegrationService;
  openBrowser: (url: string) => Promise<void>;
  canOpenBrowser: boolean;
  now: () => Date;
};

/**
 * Grant admin consent: builds the v2.0 admin consent URL for the configured cloud, tenant,
 * scopes and redirect URI with a single-use `state`, opens it in the system browser, and records
 * the result that arrives on the loopback redirect.
 */
export class AdminConsentFlow {
  private pending?: PendingAttempt;

  constructor(private readonly options: AdminConsentOptions) {}

  /**
   * `redirectUri` is the URI of the listener waiting for this attempt; without one, the registered
   * URI (`http://localhost/oauth/callback`, or with the fixed port) is sent. `state` is the one that
   * listener expects (a fresh one is made when none is given).
   */
  async start(
    redirectUri?: string,
    state: string = randomBytes(32).toString('base64url'),
  ): Promise<{ url: string; opened: boolean; note: string | null }> {
    const config = this.options.integration.config();
    const issues: FieldIssue[] = [];
    if (!config.clientId) issues.push({ field: 'clientId', message: 'Save the Client ID before granting admin consent.' });
    const tenant = adminConsentTenant(config.accountType, config.tenant);
    if (config.accountType === 'personal')
      issues.push({
        field: 'accountType',
        message: 'Apps for personal Microsoft accounts only have no organisation administrator: there is no admin consent to grant.',
      });
    else if (!tenant)
      issues.push({ field: 'tenant', message: 'Save the Directory (tenant) ID or verified domain before granting admin consent.' });
    if (issues.length > 0) throw new ContractError('VALIDATION', issues.map((issue) => issue.message).join(' '), issues);

    const custom: CustomCloudHosts | undefined = config.cloud === 'custom' ? config.customCloud : undefined;
    const scopes = adminConsentScopes(config, custom);
    const url = adminConsentUrl({
      cloud: config.cloud,
      custom,
      accountType: config.accountType,
      tenant: config.tenant,
      clientId: config.clientId,
      scopes,
      redirectUri: redirectUri ?? registeredRedirectUri(config.redirectPort),
      state,
    });
    this.pending = { state, startedAt: this.options.now().getTime(), clientId: config.clientId, scopes };
    if (!this.options.canOpenBrowser) {
      return {
        url,
        opened: false,
        note: 'Headless mode cannot open a browser on this machine: copy the link and open it in a browser where you can sign in as an administrator.',
      };
    }
    try {
      await this.options.openBrowser(url);
      return { url, opened: true, note: null };
    } catch (error) {
      return { url, opened: false, note: `The browser was not opened (${(error as Error).message}). Copy the link and open it yourself.` };
    }
  }

  /** Called with what the redirect carried. A foreign, replayed or stale `state` records nothing. */
  record(redirect: AdminConsentRedirect): void {
    const pending = this.pending;
    if (!pending || pending.state !== redirect.state) {
      throw new ContractError(
        'FORBIDDEN',
        'This admin consent answer does not belong to the attempt started from the console. Start it again with Grant admin consent.',
      );
    }
    this.pending = undefined;
    const at = this.options.now();
    if (at.getTime() - pending.startedAt > attemptLifetimeMs) {
      throw new ContractError(
        'CONFLICT',
        'The admin consent attempt took longer than 30 minutes and has expired. Start it again with Grant admin consent.',
      );
    }
    this.options.integration.recordFacts({
      adminConsent: {
        granted: redirect.adminConsent && !redirect.error,
        at: at.toISOString(),
        error: redirect.error ?? null,
        description: redirect.errorDescription ?? null,
        clientId: pending.clientId,
        scopes: pending.scopes,
      },
    });
  }
}
