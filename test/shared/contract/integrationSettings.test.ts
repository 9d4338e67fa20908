import { describe, expect, it } from 'vitest';
import {
  checkedIntegrationSaveSchema,
  defaultIntegrationConfig,
  issuesFromZod,
  type IntegrationConfig,
} from '../../../src/shared/contract';

const valid: IntegrationConfig = {
  ...defaultIntegrationConfig,
  enabled: true,
  clientId: '0b5e6a2c-1234-4cde-9f00-123456789abc',
  tenant: 'contoso.onmicrosoft.com',
};

function issuesOf(config: Partial<IntegrationConfig>, extra: Record<string, unknown> = {}) {
  const parsed = checkedIntegrationSaveSchema.safeParse({ config: { ...valid, ...config }, ...extra });
  return parsed.success ? [] : issuesFromZod(parsed.error);
}

describe('integration configuration validation', () => {
  it('accepts a complete configuration and the defaults', () => {
    expect(issuesOf({})).toEqual([]);
    expect(checkedIntegrationSaveSchema.safeParse({ config: defaultIntegrationConfig }).success).toBe(true);
  });

  it('requires a GUID Client ID and says where to find it', () => {
    const issues = issuesOf({ clientId: 'my-app' });
    expect(issues).toEqual([{ field: 'config.clientId', message: expect.stringMatching(/must be a GUID.*Application \(client\) ID/) }]);
  });

  it('requires a Client ID before enabling', () => {
    expect(issuesOf({ clientId: '' })).toEqual([
      { field: 'config.clientId', message: expect.stringMatching(/Enter the Client ID before enabling/) },
    ]);
    expect(issuesOf({ clientId: '', enabled: false })).toEqual([]);
  });

  it('requires a tenant ID or verified domain for a single-tenant app', () => {
    expect(issuesOf({ tenant: '' })).toEqual([
      { field: 'config.tenant', message: expect.stringMatching(/needs its Directory \(tenant\) ID/) },
    ]);
    expect(issuesOf({ tenant: 'not a domain' })).toEqual([
      { field: 'config.tenant', message: expect.stringMatching(/GUID, or a verified domain/) },
    ]);
    expect(issuesOf({ tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47' })).toEqual([]);
    expect(issuesOf({ tenant: '', accountType: 'organizations' })).toEqual([]);
  });

  it('refuses personal accounts in a national cloud', () => {
    expect(issuesOf({ cloud: 'usGov', accountType: 'organizationsAndPersonal' })).toEqual([
      { field: 'config.accountType', message: expect.stringMatching(/only in the global cloud/) },
    ]);
    expect(issuesOf({ cloud: 'china', accountType: 'personal' })).toHaveLength(1);
  });

  it('requires both hosts of a custom cloud, as host[:port]', () => {
    expect(issuesOf({ cloud: 'custom' }).map((issue) => issue.field)).toEqual([
      'config.customCloud.loginHost',
      'config.customCloud.graphHost',
    ]);
    const issues = issuesOf({
      cloud: 'custom',
      customCloud: { loginHost: 'https://localhost:8443/', graphHost: 'localhost:8444', caCertificatePem: '' },
    });
    expect(issues).toEqual([{ field: 'config.customCloud.loginHost', message: expect.stringMatching(/no https:\/\//) }]);
  });

  it('requires PEM text for the CA certificate', () => {
    const issues = issuesOf({ customCloud: { loginHost: '', graphHost: '', caCertificatePem: 'MIIB...' } });
    expect(issues).toEqual([{ field: 'config.customCloud.caCertificatePem', message: expect.stringMatching(/BEGIN CERTIFICATE/) }]);
  });

  it('takes mail server overrides as a bare host and a port, naming the field otherwise', () => {
    const mail = { imapHost: 'imap.contoso.com', imapPort: 993, smtpHost: '', smtpPort: null };
    expect(issuesOf({ mail })).toEqual([]);
    expect(issuesOf({ mail: { ...mail, imapHost: 'imaps://imap.contoso.com:993' } })).toEqual([
      { field: 'config.mail.imapHost', message: expect.stringContaining('no scheme, no port') },
    ]);
    expect(issuesOf({ mail: { ...mail, smtpPort: 0 } })).toEqual([
      { field: 'config.mail.smtpPort', message: expect.stringContaining('1 to 65535') },
    ]);
    expect(issuesOf({ mail: { ...mail, imapPort: 99.5 } }).map((issue) => issue.field)).toEqual(['config.mail.imapPort']);
    // Settings saved before the field existed read as the cloud's servers.
    const older: Partial<IntegrationConfig> = { ...valid };
    delete older.mail;
    expect(checkedIntegrationSaveSchema.parse({ config: older }).config.mail).toEqual({
      imapHost: '',
      imapPort: null,
      smtpHost: '',
      smtpPort: null,
    });
  });

  it('keeps a fixed redirect port in 1024–65535', () => {
    expect(issuesOf({ redirectPort: 80 }).map((issue) => issue.field)).toEqual(['config.redirectPort']);
    expect(issuesOf({ redirectPort: 70000 }).map((issue) => issue.field)).toEqual(['config.redirectPort']);
    expect(issuesOf({ redirectPort: 53682 })).toEqual([]);
  });

  it('requires the secret’s expiry date with the secret, and refuses unknown fields', () => {
    expect(issuesOf({}, { secret: { value: 'abc~def' } }).map((issue) => issue.field)).toEqual(['secret.expiresOn']);
    expect(issuesOf({}, { secret: { value: '', expiresOn: '2028-11-26' } }).map((issue) => issue.field)).toEqual(['secret.value']);
    expect(issuesOf({ clientSecret: 'x' } as never)).toHaveLength(1);
  });
});
