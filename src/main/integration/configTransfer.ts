import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  ContractError,
  describeIssues,
  integrationConfigSchema,
  issuesFromZod,
  type ConfigChange,
  type IntegrationConfig,
  type ConfigImportPreview,
} from '../../shared/contract';

/** Moving the integration's configuration to another machine: never a secret, never a recorded fact. */
const documentFormat = 'outlook-integration-console/integration-config';

const configDocumentSchema = z.object({
  format: z.literal(documentFormat, `This is not an integration configuration exported by the console (format must be "${documentFormat}").`),
  version: z.literal(1, 'This configuration was exported by a newer version of the console: update the console first.'),
  exportedAt: z.string().optional(),
  integration: integrationConfigSchema,
});

const fieldLabels: Record<string, string> = {
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
};

export function exportConfigDocument(config: IntegrationConfig, now: Date): { fileName: string; json: string } {
  const document = { format: documentFormat, version: 1, exportedAt: now.toISOString(), integration: config };
  return { fileName: `integration-config-${now.toISOString().slice(0, 10)}.json`, json: `${JSON.stringify(document, null, 2)}\n` };
}

/** Reads an exported document; every problem becomes a VALIDATION error naming the field. */
export function parseConfigDocument(json: string): IntegrationConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    const issues = [{ field: 'json', message: `The file is not valid JSON (${(error as Error).message}).` }];
    throw new ContractError('VALIDATION', describeIssues(issues), issues);
  }
  const parsed = configDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error);
    throw new ContractError('VALIDATION', `The configuration cannot be imported: ${describeIssues(issues)}`, issues);
  }
  return parsed.data.integration;
}

export function diffConfig(current: IntegrationConfig, next: IntegrationConfig): ConfigChange[] {
  const before = flatten(current);
  const after = flatten(next);
  return Object.keys(fieldLabels)
    .filter((field) => before[field] !== after[field])
    .map((field) => ({ field, label: fieldLabels[field], from: before[field], to: after[field] }));
}

/** Without a secret on this machine the integration cannot work yet: it arrives switched off. */
export function configToImport(imported: IntegrationConfig, secretIsSet: boolean): IntegrationConfig {
  return imported.enabled && !secretIsSet ? { ...imported, enabled: false } : imported;
}

export function previewImport(current: IntegrationConfig, imported: IntegrationConfig, secretIsSet: boolean): ConfigImportPreview {
  const warnings: string[] = [];
  if (secretIsSet && current.clientId && imported.clientId !== current.clientId) {
    warnings.push('The Client ID changes: the client secret saved here belongs to the current app. Paste the new app’s secret after importing.');
  }
  if (imported.enabled && !secretIsSet) {
    warnings.push('The exported integration was enabled, but no client secret is set on this machine: it is imported switched off. Paste the secret and enable it on the Integration page.');
  }
  return { changes: diffConfig(current, configToImport(imported, secretIsSet)), warnings };
}

function flatten(config: IntegrationConfig): Record<string, string> {
  const text = (value: unknown) => (value === null || value === '' ? '(none)' : typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value));
  return {
    enabled: text(config.enabled),
    clientId: text(config.clientId),
    accountType: text(config.accountType),
    tenant: text(config.tenant),
    cloud: text(config.cloud),
    'customCloud.loginHost': text(config.customCloud.loginHost),
    'customCloud.graphHost': text(config.customCloud.graphHost),
    'customCloud.caCertificatePem': config.customCloud.caCertificatePem ? `certificate sha256:${createHash('sha256').update(config.customCloud.caCertificatePem).digest('hex').slice(0, 12)}` : '(none)',
    redirectPort: text(config.redirectPort),
    'features.calendar': text(config.features.calendar),
    'features.contacts': text(config.features.contacts),
    'features.imap': text(config.features.imap),
    'features.smtp': text(config.features.smtp),
    'mail.imapHost': text(config.mail.imapHost),
    'mail.imapPort': text(config.mail.imapPort),
    'mail.smtpHost': text(config.mail.smtpHost),
    'mail.smtpPort': text(config.mail.smtpPort),
  };
}
