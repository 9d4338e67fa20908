import { cloudHosts, type AccountType, type CloudId, type CustomCloudHosts } from './clouds';

/**
 * Entra ignores the port of a `localhost` redirect URI when it matches, so the app registers
 * this once (platform Web) and the console listens on a free port per attempt. Only a fixed
 * port, for proxies or identity providers that compare it, goes into the registered URI.
 */
export function registeredRedirectUri(fixedPort: number | null): string {
  return fixedPort === null ? 'http://localhost/oauth/callback' : `http://localhost:${fixedPort}/oauth/callback`;
}

/** The redirect URI of one attempt, with the port its listener actually got. */
export function attemptRedirectUri(port: number): string {
  return `http://localhost:${port}/oauth/callback`;
}

/**
 * The tenant segment of the admin consent URL: a single tenant's own ID or domain, otherwise
 * `organizations` (the endpoint takes no `common`). Personal accounts have no admin to consent.
 */
export function adminConsentTenant(accountType: AccountType, tenant: string): string | null {
  if (accountType === 'personal') return null;
  if (accountType === 'singleTenant') return tenant || null;
  return 'organizations';
}

export type AdminConsentRequest = {
  cloud: CloudId;
  custom?: CustomCloudHosts;
  accountType: AccountType;
  tenant: string;
  clientId: string;
  scopes: readonly string[];
  redirectUri: string;
  state: string;
};

export function adminConsentUrl(request: AdminConsentRequest): string {
  const tenant = adminConsentTenant(request.accountType, request.tenant);
  if (!tenant) throw new Error('Admin consent needs an organisation: apps for personal accounts only have no administrator to consent.');
  const url = new URL(`https://${cloudHosts(request.cloud, request.custom).loginHost}/${encodeURIComponent(tenant)}/v2.0/adminconsent`);
  url.searchParams.set('client_id', request.clientId);
  url.searchParams.set('scope', request.scopes.join(' '));
  url.searchParams.set('redirect_uri', request.redirectUri);
  url.searchParams.set('state', request.state);
  return url.toString();
}
