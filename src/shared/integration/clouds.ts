/**
 * National clouds and the account types an app registration supports: which sign-in host,
 * Graph host and authority segment each choice means. Pure: used by main and by the renderer's
 * live preview. Facts from Microsoft's national cloud documentation (see DESIGN.md).
 */
export const cloudIds = ['global', 'usGov', 'usGovDoD', 'china', 'custom'] as const;
export type CloudId = (typeof cloudIds)[number];

export const accountTypes = ['singleTenant', 'organizations', 'organizationsAndPersonal', 'personal'] as const;
export type AccountType = (typeof accountTypes)[number];

export type CustomCloudHosts = { loginHost: string; graphHost: string };

export type CloudHosts = { loginHost: string; graphHost: string };

export const knownCloudHosts: Record<Exclude<CloudId, 'custom'>, CloudHosts> = {
  global: { loginHost: 'login.microsoftonline.com', graphHost: 'graph.microsoft.com' },
  usGov: { loginHost: 'login.microsoftonline.us', graphHost: 'graph.microsoft.us' },
  usGovDoD: { loginHost: 'login.microsoftonline.us', graphHost: 'dod-graph.microsoft.us' },
  china: { loginHost: 'login.chinacloudapi.cn', graphHost: 'microsoftgraph.chinacloudapi.cn' },
};

export const cloudLabels: Record<CloudId, string> = {
  global: 'Global (Microsoft 365)',
  usGov: 'US Government (GCC High)',
  usGovDoD: 'US Government (DoD)',
  china: 'China (operated by 21Vianet)',
  custom: 'Custom (emulator or proxy)',
};

export const accountTypeLabels: Record<AccountType, string> = {
  singleTenant: 'Accounts in one organisation only (single tenant)',
  organizations: 'Accounts in any organisation (multitenant)',
  organizationsAndPersonal: 'Any organisation and personal Microsoft accounts',
  personal: 'Personal Microsoft accounts only',
};

/** Personal Microsoft accounts exist only in the global cloud (and whatever a custom cloud emulates). */
export function cloudSupportsPersonalAccounts(cloud: CloudId): boolean {
  return cloud === 'global' || cloud === 'custom';
}

export function cloudHosts(cloud: CloudId, custom?: CustomCloudHosts): CloudHosts {
  if (cloud !== 'custom') return knownCloudHosts[cloud];
  if (!custom) throw new Error('A custom cloud needs its sign-in host and Graph host.');
  return { loginHost: custom.loginHost, graphHost: custom.graphHost };
}

/** The path segment after the sign-in host: a tenant, or one of Entra's multi-tenant aliases. */
export function authoritySegment(accountType: AccountType, tenant: string): string {
  switch (accountType) {
    case 'singleTenant':
      if (!tenant) throw new Error('A single-tenant app needs its tenant ID or verified domain.');
      return tenant;
    case 'organizations':
      return 'organizations';
    case 'organizationsAndPersonal':
      return 'common';
    case 'personal':
      return 'consumers';
  }
}

export function authorityUrl(cloud: CloudId, accountType: AccountType, tenant: string, custom?: CustomCloudHosts): string {
  return `https://${cloudHosts(cloud, custom).loginHost}/${authoritySegment(accountType, tenant)}`;
}

export function graphBaseUrl(cloud: CloudId, custom?: CustomCloudHosts): string {
  return `https://${cloudHosts(cloud, custom).graphHost}/v1.0`;
}

/** The resource prefix of a fully qualified Graph scope, e.g. `https://graph.microsoft.us/`. */
export function graphResource(cloud: CloudId, custom?: CustomCloudHosts): string {
  return `https://${cloudHosts(cloud, custom).graphHost}/`;
}
