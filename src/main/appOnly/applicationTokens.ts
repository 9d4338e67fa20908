/**
 * The app-token provider of organisation-wide mode: MSAL's ConfidentialClientApplication signing
 * in as the app itself (client credentials, scope `{Graph}/.default`) with the console's
 * certificate or the client secret. MSAL keeps the token in its in-memory cache until shortly
 * before it expires, so every mailbox of a run shares one token. Kept apart from the per-user
 * sign-in code (auth/msalClient.ts) on purpose: nothing here has a user, a refresh token or a vault cache.
 */
import { createHash } from 'node:crypto';
import type { ConfidentialClientApplication, Configuration } from '@azure/msal-node';
import type { IntegrationConfig } from '../../shared/contract';
import { authorityUrl, graphBaseUrl, graphResource } from '../../shared/integration/clouds';
import { defaultRequestTimeoutMs, fetchTrusting, msalNetworkTrusting } from '../auth/httpsWithCa';
import { explainMicrosoftError, type MicrosoftProblem } from '../auth/microsoftErrors';
import { customHosts } from '../auth/msalClient';
import { loadMsal } from '../auth/msalLibrary';
import { defaultRetryPolicy, type RetryPolicy } from '../graph/retryPolicy';
import type { Logger } from '../logs/logService';
import type { SecretLifetime } from '../logs/redactor';

/** What the graph layer needs from organisation-wide mode: a token for the app, and words for its failures. */
export type AppTokenProvider = {
  accessToken(options?: { forceRefresh?: boolean }): Promise<string>;
  graphBaseUrl(): string;
  fetch(): typeof globalThis.fetch;
  explain(error: unknown): MicrosoftProblem;
};

export type AppCredential =
  { kind: 'certificate'; certificatePem: string; thumbprintSha256: string; privateKeyPem: string } | { kind: 'secret'; secret: string };

export type ApplicationTokensOptions = {
  config: () => IntegrationConfig;
  /** The credential the settings choose; undefined when it is not there (no certificate generated, no secret set). */
  credential: () => Promise<AppCredential | undefined>;
  log: Logger;
  registerSecret: (value: string, lifetime?: SecretLifetime) => void;
  retryPolicy?: RetryPolicy;
};

export class MissingAppCredentialError extends Error {
  constructor(kind: IntegrationConfig['connection']['credential']) {
    super(
      kind === 'certificate'
        ? 'Organisation-wide mode signs in with the console’s certificate, and there is none (or its private key is no longer in the vault). Generate it on the Integration page and upload it to the app registration.'
        : 'Organisation-wide mode signs in with the client secret, and none is set. Paste the secret’s Value on the Integration page.',
    );
    this.name = 'MissingAppCredentialError';
  }
}

type Setup = { key: string; client: ConfidentialClientApplication; scope: string; network: ReturnType<typeof msalNetworkTrusting> };

export class ApplicationTokens implements AppTokenProvider {
  private setup: Setup | null = null;
  private pending: Promise<string> | null = null;

  constructor(private readonly options: ApplicationTokensOptions) {}

  /**
   * Mailboxes run in parallel (the job's pool) and each asks for the app token: callers share the
   * one request under way, as MSAL's cache alone does not (every caller would miss it and send the
   * same signed assertion, which MSAL reuses until it expires).
   */
  accessToken(options: { forceRefresh?: boolean } = {}): Promise<string> {
    this.pending ??= this.requestToken(options).finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async requestToken(options: { forceRefresh?: boolean }): Promise<string> {
    const setup = await this.current();
    try {
      const result = await setup.client.acquireTokenByClientCredential({ scopes: [setup.scope], skipCache: options.forceRefresh ?? false });
      if (!result?.accessToken) throw new Error('Microsoft’s answer carried no access token.');
      // Known until it expires, then forgotten: a new app token arrives every hour.
      this.options.registerSecret(result.accessToken, { expiresAt: result.expiresOn ?? undefined });
      return result.accessToken;
    } catch (error) {
      const problem = this.explain(error);
      this.options.log.warning(`Organisation-wide sign-in failed: ${problem.explanation} Fix: ${problem.fix}`, {
        problem: problem.code,
        error,
      });
      throw new Error(`${problem.explanation} ${problem.fix}`, { cause: error });
    }
  }

  graphBaseUrl(): string {
    const config = this.options.config();
    return graphBaseUrl(config.cloud, customHosts(config));
  }

  fetch(): typeof globalThis.fetch {
    const pem = this.options.config().customCloud.caCertificatePem;
    return fetchTrusting(pem);
  }

  explain(error: unknown): MicrosoftProblem {
    const direct = explainMicrosoftError(error);
    const failure = this.setup?.network.lastFailure();
    return direct.code === 'unknown' && failure ? explainMicrosoftError(failure) : direct;
  }

  /** One MSAL application for the current settings and credential, rebuilt when either changes. */
  private async current(): Promise<Setup> {
    const msal = await loadMsal();
    const { LogLevel } = msal;
    const config = this.options.config();
    const credential = await this.options.credential();
    if (!credential) throw new MissingAppCredentialError(config.connection.credential);
    const key = createHash('sha256')
      .update(JSON.stringify(config))
      .update('\0')
      .update(credential.kind === 'secret' ? credential.secret : credential.thumbprintSha256)
      .digest('hex');
    if (this.setup?.key === key) return this.setup;
    const custom = customHosts(config);
    const network = msalNetworkTrusting(
      config.customCloud.caCertificatePem,
      defaultRequestTimeoutMs,
      this.options.retryPolicy ?? defaultRetryPolicy,
    );
    const configuration: Configuration = {
      auth: {
        clientId: config.clientId,
        authority: authorityUrl(config.cloud, config.accountType, config.tenant, custom),
        ...(custom ? { knownAuthorities: [custom.loginHost] } : {}),
        ...(credential.kind === 'secret'
          ? { clientSecret: credential.secret }
          : {
              // x5c (MSAL takes the PEM and sends its chain) lets Entra check the very certificate that signed.
              clientCertificate: {
                thumbprintSha256: credential.thumbprintSha256,
                privateKey: credential.privateKeyPem,
                x5c: credential.certificatePem,
              },
            }),
      },
      system: {
        networkClient: network,
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Warning,
          loggerCallback: (level, message) => {
            if (level === LogLevel.Error) this.options.log.warning(`MSAL: ${message}`);
            else this.options.log.debug(`MSAL: ${message}`);
          },
        },
      },
    };
    this.setup = {
      key,
      client: new msal.ConfidentialClientApplication(configuration),
      scope: `${graphResource(config.cloud, custom)}.default`,
      network,
    };
    return this.setup;
  }
}
