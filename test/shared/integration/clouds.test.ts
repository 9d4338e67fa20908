import { describe, expect, it } from 'vitest';
import {
  accountTypes,
  authoritySegment,
  authorityUrl,
  cloudIds,
  cloudSupportsPersonalAccounts,
  graphBaseUrl,
  graphResource,
} from '../../../src/shared/integration/clouds';

const custom = { loginHost: 'localhost:8443', graphHost: 'localhost:8444' };
const tenant = 'contoso.onmicrosoft.com';

describe('authority per cloud and account type', () => {
  const expectedLoginHost = {
    global: 'login.microsoftonline.com',
    usGov: 'login.microsoftonline.us',
    usGovDoD: 'login.microsoftonline.us',
    china: 'login.chinacloudapi.cn',
    custom: 'localhost:8443',
  } as const;
  const expectedSegment = {
    singleTenant: tenant,
    organizations: 'organizations',
    organizationsAndPersonal: 'common',
    personal: 'consumers',
  } as const;

  for (const cloud of cloudIds) {
    for (const accountType of accountTypes) {
      it(`${cloud} / ${accountType}`, () => {
        expect(authorityUrl(cloud, accountType, tenant, custom)).toBe(
          `https://${expectedLoginHost[cloud]}/${expectedSegment[accountType]}`,
        );
      });
    }
  }

  it('uses a tenant GUID as it is and refuses a single tenant without one', () => {
    expect(authoritySegment('singleTenant', '72f988bf-86f1-41af-91ab-2d7cd011db47')).toBe('72f988bf-86f1-41af-91ab-2d7cd011db47');
    expect(() => authoritySegment('singleTenant', '')).toThrow(/tenant ID or verified domain/);
  });

  it('needs the hosts of a custom cloud', () => {
    expect(() => authorityUrl('custom', 'organizations', '')).toThrow(/sign-in host and Graph host/);
  });
});

describe('Graph per cloud', () => {
  it.each([
    ['global', 'https://graph.microsoft.com/v1.0', 'https://graph.microsoft.com/'],
    ['usGov', 'https://graph.microsoft.us/v1.0', 'https://graph.microsoft.us/'],
    ['usGovDoD', 'https://dod-graph.microsoft.us/v1.0', 'https://dod-graph.microsoft.us/'],
    ['china', 'https://microsoftgraph.chinacloudapi.cn/v1.0', 'https://microsoftgraph.chinacloudapi.cn/'],
    ['custom', 'https://localhost:8444/v1.0', 'https://localhost:8444/'],
  ] as const)('%s', (cloud, base, resource) => {
    expect(graphBaseUrl(cloud, custom)).toBe(base);
    expect(graphResource(cloud, custom)).toBe(resource);
  });

  it('knows personal accounts exist only in the global cloud (and what an emulator emulates)', () => {
    expect(cloudIds.filter(cloudSupportsPersonalAccounts)).toEqual(['global', 'custom']);
  });
});
