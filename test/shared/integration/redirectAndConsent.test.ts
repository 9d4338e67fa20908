import { describe, expect, it } from 'vitest';
import {
  adminConsentTenant,
  adminConsentUrl,
  attemptRedirectUri,
  registeredRedirectUri,
} from '../../../src/shared/integration/redirectAndConsent';

const base = {
  accountType: 'singleTenant' as const,
  tenant: 'contoso.onmicrosoft.com',
  clientId: '0b5e6a2c-1234-4cde-9f00-123456789abc',
  redirectUri: 'http://localhost/oauth/callback',
  state: 'state-123',
};

describe('redirect URI', () => {
  it('registers http://localhost/oauth/callback without a port unless a fixed one is set', () => {
    expect(registeredRedirectUri(null)).toBe('http://localhost/oauth/callback');
    expect(registeredRedirectUri(53682)).toBe('http://localhost:53682/oauth/callback');
    expect(attemptRedirectUri(49152)).toBe('http://localhost:49152/oauth/callback');
  });
});

describe('admin consent URL', () => {
  it.each([
    ['global', 'login.microsoftonline.com', 'https://graph.microsoft.com/'],
    ['usGov', 'login.microsoftonline.us', 'https://graph.microsoft.us/'],
    ['usGovDoD', 'login.microsoftonline.us', 'https://dod-graph.microsoft.us/'],
    ['china', 'login.chinacloudapi.cn', 'https://microsoftgraph.chinacloudapi.cn/'],
  ] as const)('%s: v2.0 adminconsent on its sign-in host with its Graph scopes', (cloud, host, resource) => {
    const scopes = ['offline_access', `${resource}Calendars.ReadWrite`];
    const url = new URL(adminConsentUrl({ ...base, cloud, scopes }));
    expect(`${url.origin}${url.pathname}`).toBe(`https://${host}/contoso.onmicrosoft.com/v2.0/adminconsent`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: base.clientId,
      scope: `offline_access ${resource}Calendars.ReadWrite`,
      redirect_uri: 'http://localhost/oauth/callback',
      state: 'state-123',
    });
  });

  it('uses the custom cloud’s sign-in host', () => {
    const url = adminConsentUrl({
      ...base,
      cloud: 'custom',
      custom: { loginHost: 'localhost:8443', graphHost: 'localhost:8444' },
      scopes: ['offline_access'],
    });
    expect(url.startsWith('https://localhost:8443/contoso.onmicrosoft.com/v2.0/adminconsent?client_id=')).toBe(true);
  });

  it('uses organizations for multi-tenant apps and refuses personal-only apps', () => {
    expect(adminConsentTenant('organizations', '')).toBe('organizations');
    expect(adminConsentTenant('organizationsAndPersonal', '')).toBe('organizations');
    expect(adminConsentTenant('singleTenant', '')).toBeNull();
    expect(adminConsentTenant('personal', '')).toBeNull();
    expect(new URL(adminConsentUrl({ ...base, accountType: 'organizations', cloud: 'global', scopes: ['offline_access'] })).pathname).toBe(
      '/organizations/v2.0/adminconsent',
    );
    expect(() => adminConsentUrl({ ...base, accountType: 'personal', cloud: 'global', scopes: ['offline_access'] })).toThrow(
      /no administrator/,
    );
  });
});
