import { z } from 'zod';
import { accountTypes, cloudIds, cloudSupportsPersonalAccounts } from '../integration/clouds';
import { isGuid } from '../integration/secretChecks';

// A verified domain (contoso.com, contoso.onmicrosoft.com): labels of letters, digits and hyphens.
const domainPattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
// host or host:port, no scheme or path: the hosts of a custom cloud (an emulator, a proxy).
const hostPattern = /^(localhost|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*)(:\d{1,5})?$/i;
const mailHostPattern = /^(localhost|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*)$/i;
const pemPattern = /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/;

export const integrationFeaturesSchema = z.strictObject({
  calendar: z.boolean(),
  contacts: z.boolean(),
  imap: z.boolean(),
  smtp: z.boolean(),
  /** Sending email through Graph's sendMail (Mail.Send); absent from settings saved before it existed. */
  graphMail: z.boolean().optional(),
});

export const customCloudSchema = z.strictObject({
  loginHost: z.string().trim(),
  graphHost: z.string().trim(),
  /** PEM of a CA to trust for these hosts: a TLS-inspecting proxy or the local emulator. */
  caCertificatePem: z.string().trim(),
});

const portMessage = 'Use a port from 1 to 65535, or leave it empty for the cloud’s usual port.';
const mailPort = z.number().int(portMessage).min(1, portMessage).max(65535, portMessage).nullable();

/** The IMAP and SMTP servers the mail checks log in to; empty means the chosen cloud's own. */
export const mailServerOverridesSchema = z.strictObject({
  imapHost: z.string().trim(),
  imapPort: mailPort,
  smtpHost: z.string().trim(),
  smtpPort: mailPort,
});
export const noMailServerOverrides = { imapHost: '', imapPort: null, smtpHost: '', smtpPort: null };

/**
 * How the console reaches mailboxes: `delegated`, each user signs in (delegated permissions); or
 * `application`, organisation-wide as the app itself (client credentials, application permissions),
 * proving who it is with a certificate (Microsoft's recommendation) or the client secret.
 */
export const connectionModes = ['delegated', 'application'] as const;
export const appCredentialKinds = ['certificate', 'secret'] as const;
export const connectionSchema = z.strictObject({ mode: z.enum(connectionModes), credential: z.enum(appCredentialKinds) });
export type ConnectionSettings = z.infer<typeof connectionSchema>;
export const defaultConnection: ConnectionSettings = { mode: 'delegated', credential: 'certificate' };

/** What the administrator edits on the Integration page (and what an export carries). Never a secret. */
export const integrationConfigFields = z.strictObject({
  enabled: z.boolean(),
  clientId: z.string().trim(),
  accountType: z.enum(accountTypes),
  tenant: z.string().trim(),
  cloud: z.enum(cloudIds),
  customCloud: customCloudSchema,
  redirectPort: z
    .number()
    .int()
    .min(1024, 'Use a port from 1024 to 65535, or leave it empty to use a free port each time.')
    .max(65535, 'Use a port from 1024 to 65535, or leave it empty to use a free port each time.')
    .nullable(),
  features: integrationFeaturesSchema,
  /** Absent from settings saved before it existed: the cloud's servers then. */
  mail: mailServerOverridesSchema.default(noMailServerOverrides),
  /** Absent from settings saved before organisation-wide mode existed: each user signs in. */
  connection: connectionSchema.default(defaultConnection),
});
export type IntegrationConfig = z.infer<typeof integrationConfigFields>;

type ConfigLike = z.infer<typeof integrationConfigFields>;

/** The rules between fields, in words that name the field and the fix. */
export function checkIntegrationConfig(config: ConfigLike, context: z.RefinementCtx, pathPrefix: string[] = []): void {
  const issue = (path: (string | number)[], message: string) =>
    context.addIssue({ code: 'custom', path: [...pathPrefix, ...path], message });
  if (config.clientId && !isGuid(config.clientId)) {
    issue(
      ['clientId'],
      'The Client ID must be a GUID like 0b5e6a2c-1234-4cde-9f00-123456789abc: copy "Application (client) ID" from the app’s Overview page.',
    );
  }
  if (config.enabled && !config.clientId) issue(['clientId'], 'Enter the Client ID before enabling the integration.');
  if (config.accountType === 'singleTenant') {
    if (config.tenant && !isGuid(config.tenant) && !domainPattern.test(config.tenant)) {
      issue(['tenant'], 'The tenant must be the Directory (tenant) ID, a GUID, or a verified domain such as contoso.onmicrosoft.com.');
    }
    if (config.enabled && !config.tenant)
      issue(['tenant'], 'A single-tenant app needs its Directory (tenant) ID or verified domain before the integration is enabled.');
  }
  if (
    (config.accountType === 'personal' || config.accountType === 'organizationsAndPersonal') &&
    !cloudSupportsPersonalAccounts(config.cloud)
  ) {
    issue(
      ['accountType'],
      'Personal Microsoft accounts exist only in the global cloud: choose an organisational account type for this cloud.',
    );
  }
  if (config.cloud === 'custom') {
    for (const key of ['loginHost', 'graphHost'] as const) {
      const label = key === 'loginHost' ? 'sign-in host' : 'Graph host';
      if (!config.customCloud[key])
        issue(['customCloud', key], `A custom cloud needs its ${label}, e.g. localhost:8443 (no https:// and no path).`);
      else if (!hostPattern.test(config.customCloud[key]))
        issue(
          ['customCloud', key],
          `The ${label} must be a host name with an optional port, e.g. localhost:8443 (no https:// and no path).`,
        );
    }
  }
  for (const key of ['imapHost', 'smtpHost'] as const) {
    const host = config.mail[key];
    if (host && !mailHostPattern.test(host))
      issue(
        ['mail', key],
        `The ${key === 'imapHost' ? 'IMAP' : 'SMTP'} server must be a host name such as ${key === 'imapHost' ? 'outlook.office365.com' : 'smtp.office365.com'} (no scheme, no port: the port has its own field).`,
      );
  }
  if (config.connection.mode === 'application' && config.accountType !== 'singleTenant') {
    issue(
      ['accountType'],
      'Organisation-wide mode signs in to one organisation: choose "Accounts in this organizational directory only" and enter the Directory (tenant) ID.',
    );
  }
  if (config.customCloud.caCertificatePem && !pemPattern.test(config.customCloud.caCertificatePem)) {
    issue(
      ['customCloud', 'caCertificatePem'],
      'The CA certificate must be PEM text starting with -----BEGIN CERTIFICATE----- and ending with -----END CERTIFICATE-----.',
    );
  }
}

export const integrationConfigSchema = integrationConfigFields.superRefine((config, context) => checkIntegrationConfig(config, context));

export const adminConsentResultSchema = z.object({
  granted: z.boolean(),
  at: z.iso.datetime(),
  /** Entra's error code (e.g. access_denied) and description when consent was not granted. */
  error: z.string().nullable(),
  description: z.string().nullable(),
  /** What consent was asked for, so the page can tell when the permissions changed since. */
  clientId: z.string(),
  scopes: z.array(z.string()),
});
export type AdminConsentResult = z.infer<typeof adminConsentResultSchema>;

/** Facts about the client secret, never the secret itself (that lives only in the vault). */
export const secretMetadataSchema = z.object({
  setAt: z.iso.datetime().nullable(),
  expiresOn: z.iso.date().nullable(),
  storage: z.enum(['vault', 'memory']).nullable(),
  /** Reminder thresholds already notified for this secret (0 = the expiry itself), so a restart does not repeat them. */
  remindersSent: z.array(z.number().int()),
});
export type SecretMetadata = z.infer<typeof secretMetadataSchema>;

/** The public facts of the certificate the console generated for organisation-wide mode (its private key is in the vault). */
export const appCertificateFactsSchema = z.object({
  certificatePem: z.string(),
  thumbprintSha1: z.string(),
  thumbprintSha256: z.string(),
  notBefore: z.iso.datetime(),
  notAfter: z.iso.datetime(),
  createdAt: z.iso.datetime(),
});
export type AppCertificateFacts = z.infer<typeof appCertificateFactsSchema>;

export const integrationSettingsSchema = integrationConfigFields
  .extend({
    secret: secretMetadataSchema,
    adminConsent: adminConsentResultSchema.nullable(),
    appCertificate: appCertificateFactsSchema.nullable().default(null),
  })
  .superRefine((settings, context) => checkIntegrationConfig(settings, context));
export type IntegrationSettings = z.infer<typeof integrationSettingsSchema>;

export const defaultIntegrationConfig: IntegrationConfig = {
  enabled: false,
  clientId: '',
  accountType: 'singleTenant',
  tenant: '',
  cloud: 'global',
  customCloud: { loginHost: '', graphHost: '', caCertificatePem: '' },
  redirectPort: null,
  features: { calendar: true, contacts: true, imap: false, smtp: false },
  mail: noMailServerOverrides,
  connection: defaultConnection,
};

export const defaultIntegrationSettings: IntegrationSettings = {
  ...defaultIntegrationConfig,
  secret: { setAt: null, expiresOn: null, storage: null, remindersSent: [] },
  adminConsent: null,
  appCertificate: null,
};
