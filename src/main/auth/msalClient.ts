/**
 * Builds the MSAL application for the integration settings: a ConfidentialClientApplication when
 * a client secret is set (the guide's *Web* redirect), a PublicClientApplication when it is not.
 * The authority, scopes and Graph root follow the configured cloud; a custom cloud's sign-in host
 * is a known authority and its CA is trusted by MSAL and by the Graph fetch.
 */
import type { ConfidentialClientApplication, Configuration, ICachePlugin } from '@azure/msal-node';
import type { IntegrationConfig } from '../../shared/contract';
import { authorityUrl, graphBaseUrl, type CustomCloudHosts } from '../../shared/integration/clouds';
import { graphTokenScopes, mailTokenScopes } from '../../shared/integration/permissions';
import type { Logger } from '../logs/logService';
import { defaultRetryPolicy, type RetryPolicy } from '../graph/retryPolicy';
import { defaultRequestTimeoutMs, fetchTrusting, msalNetworkTrusting, type DiscoveryCache } from './httpsWithCa';
import { explainMicrosoftError, type MicrosoftProblem } from './microsoftErrors';
import type { MsalLibrary } from './msalLibrary';

export type MsalApplication = Pick<
  ConfidentialClientApplication,
  'getAuthCodeUrl' | 'acquireTokenByCode' | 'acquireTokenSilent' | 'getTokenCache'
>;

export type SignInSetup = {
  client: MsalApplication;
  kind: 'confidential' | 'public';
  /** What the Graph token must carry: offline_access and the enabled features' Graph permissions. */
  requestedScopes: string[];
  /** What the sign-in asks consent for: the requested scopes (User.Read, which `/me` needs, among them). */
  signInScopes: string[];
  /**
   * The enabled mail features' scopes for Exchange Online (IMAP, SMTP): consented at sign-in
   * beside the Graph ones, their token obtained silently with the same refresh token.
   */
  mailScopes: string[];
  graphBaseUrl: string;
  fetch: typeof globalThis.fetch;
  /** The plain-words problem for an error of this client, seeing through MSAL's generic network errors. */
  explain(error: unknown): MicrosoftProblem;
};

export type SignInSetupInput = {
  config: IntegrationConfig;
  clientSecret: string | undefined;
  cachePlugin: ICachePlugin;
  log: Logger;
  /** How the token endpoint's 429 and 5xx are tried again: the same policy as Graph's. */
  retryPolicy?: RetryPolicy;
  /** Discovery answers shared with the integration's other MSAL clients (see `DiscoveryCache`). */
  discovery?: DiscoveryCache;
};

export function customHosts(config: IntegrationConfig): CustomCloudHosts | undefined {
  return config.cloud === 'custom' ? { loginHost: config.customCloud.loginHost, graphHost: config.customCloud.graphHost } : undefined;
}

/** Synchronous once MSAL is loaded (`loadMsal()`), so a caller can check and store its setup without another await in between. */
export function createSignInSetup(input: SignInSetupInput, msal: MsalLibrary): SignInSetup {
  const { LogLevel } = msal;
  const { config } = input;
  const custom = customHosts(config);
  const caPem = config.customCloud.caCertificatePem;
  const network = msalNetworkTrusting(caPem, defaultRequestTimeoutMs, input.retryPolicy ?? defaultRetryPolicy, input.discovery);
  const configuration: Configuration = {
    auth: {
      clientId: config.clientId,
      authority: authorityUrl(config.cloud, config.accountType, config.tenant, custom),
      // A custom cloud is not one of Microsoft's: MSAL must be told to trust it as an authority.
      ...(custom ? { knownAuthorities: [custom.loginHost] } : {}),
      ...(input.clientSecret ? { clientSecret: input.clientSecret } : {}),
    },
    cache: { cachePlugin: input.cachePlugin },
    system: {
      networkClient: network,
      loggerOptions: {
        // Never PII: MSAL's verbose lines would otherwise carry account names and token fragments.
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        loggerCallback: (level, message) => {
          if (level === LogLevel.Error) input.log.warning(`MSAL: ${message}`);
          else input.log.debug(`MSAL: ${message}`);
        },
      },
    },
  };
  const client = input.clientSecret
    ? new msal.ConfidentialClientApplication(configuration)
    : new msal.PublicClientApplication(configuration);
  const requestedScopes = graphTokenScopes(config.features, config.cloud, custom);
  return {
    client,
    kind: input.clientSecret ? 'confidential' : 'public',
    requestedScopes,
    signInScopes: requestedScopes,
    mailScopes: mailTokenScopes(config.features, config.cloud),
    graphBaseUrl: graphBaseUrl(config.cloud, custom),
    fetch: fetchTrusting(caPem),
    explain: (error) => {
      const problem = explainMicrosoftError(error);
      const failure = network.lastFailure();
      return problem.code === 'unknown' && failure ? explainMicrosoftError(failure) : problem;
    },
  };
}
