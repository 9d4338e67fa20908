/**
 * The integration settings' fields in words, keyed by their path in the configuration (the save
 * input's without `config.`): one map for the Integration page's error summary and the import
 * preview's list of changes, so the two never name a field differently.
 */
export const integrationFieldLabels = {
  enabled: 'Enabled',
  clientId: 'Client ID',
  accountType: 'Supported account types',
  tenant: 'Tenant',
  cloud: 'Cloud',
  'customCloud.loginHost': 'Custom cloud sign-in host',
  'customCloud.graphHost': 'Custom cloud Graph host',
  'customCloud.caCertificatePem': 'Custom CA certificate',
  redirectPort: 'Fixed redirect port',
  'features.calendar': 'Calendar sync (Calendars.ReadWrite)',
  'features.contacts': 'Contacts push (Contacts.ReadWrite)',
  'features.imap': 'Email fetching (IMAP.AccessAsUser.All)',
  'features.smtp': 'Email sending (SMTP.Send)',
  'mail.imapHost': 'IMAP server',
  'mail.imapPort': 'IMAP port',
  'mail.smtpHost': 'SMTP server',
  'mail.smtpPort': 'SMTP port',
} as const satisfies Record<string, string>;

/** The secret's fields, which an export never carries (so the import preview never lists them). */
export const secretFieldLabels = {
  'secret.value': 'Secret value',
  'secret.expiresOn': 'Expires on',
  secretStorage: 'Where to keep this secret',
} as const satisfies Record<string, string>;

export type IntegrationField = keyof typeof integrationFieldLabels;
