import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  ContractError,
  integrationConfigSchema,
  type ConfigChange,
  type IntegrationConfig,
  type ConfigImportPreview,
} from '../../shared/contract';
import { integrationFieldLabels } from '../../shared/integration/fieldLabels';

/** Moving the integration's configuration to another machine: never a secret, never a recorded fact. */
const documentFormat = 'outlook-integration-console/integration-config';

const configDocumentSchema = z.object({
  format: z.literal(documentFormat),
  version: z.literal(1),
  exportedAt: z.string().optional(),
  integration: integrationConfigSchema,
});

const fieldLabels: Readonly<Record<string, string>> = integrationFieldLabels;

export function exportConfigDocument(config: IntegrationConfig, now: Date): { fileName: string; json: string } {
  const document = { format: documentFormat, version: 1, exportedAt: now.toISOString(), integration: config };
  return { fileName: `integration-config-${now.toISOString().slice(0, 10)}.json`, json: `${JSON.stringify(document, null, 2)}\n` };
}

/**
 * Reads an exported document. Each problem becomes a VALIDATION error in words, checked in the
 * order a person would: is this JSON, is it a configuration the console exported, from which
 * version, and only then which setting it holds that the console cannot use.
 */
export function parseConfigDocument(json: string): IntegrationConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    refuse('json', `The file is not valid JSON (${(error as Error).message}). Choose a file saved with Export configuration.`);
  }
  const document = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  if (document.format !== documentFormat) {
    refuse(
      'format',
      'This file is not an integration configuration exported by the console. Choose a file saved with Export configuration.',
    );
  }
  if (typeof document.version === 'number' && document.version > 1) {
    refuse(
      'version',
      `This configuration was exported by a newer version of the console (format version ${document.version}): update the console first.`,
    );
  }
  const parsed = configDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const integration = (document.integration && typeof document.integration === 'object' ? document.integration : {}) as Record<
      string,
      unknown
    >;
    const issues = parsed.error.issues.map((issue) => settingIssue(issue, integration));
    throw new ContractError(
      'VALIDATION',
      `The configuration cannot be imported: ${issues.map((issue) => issue.message).join(' ')}`,
      issues,
    );
  }
  return parsed.data.integration;
}

function refuse(field: string, message: string): never {
  throw new ContractError('VALIDATION', message, [{ field, message }]);
}

/** A setting the file holds that this console cannot use, named by its label on the Integration page. */
function settingIssue(issue: z.core.$ZodIssue, integration: Record<string, unknown>): { field: string; message: string } {
  const path = issue.path.map(String);
  const field = path.join('.');
  if (issue.code === 'unrecognized_keys') {
    return {
      field,
      message: `The file holds settings this console does not know (${issue.keys.join(', ')}): it was not saved by Export configuration, or was edited.`,
    };
  }
  if (path[0] !== 'integration')
    return { field: field || 'file', message: `The file's "${field}" is not what an exported configuration holds.` };
  const setting = path.slice(1).join('.');
  const label = fieldLabels[setting] ?? setting;
  const value = path
    .slice(1)
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), integration);
  if (value === undefined) return { field, message: `${label}: missing from the file.` };
  const shown = JSON.stringify(value);
  return {
    field,
    message: `${label}: the file holds ${shown.length > 60 ? `${shown.slice(0, 57)}…` : shown}, which the console cannot use. Fix it in the file, or import another one.`,
  };
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
    warnings.push(
      'The Client ID changes: the client secret saved here belongs to the current app. Paste the new app’s secret after importing.',
    );
  }
  if (imported.enabled && !secretIsSet) {
    warnings.push(
      'The exported integration was enabled, but no client secret is set on this machine: it is imported switched off. Paste the secret and enable it on the Integration page.',
    );
  }
  return { changes: diffConfig(current, configToImport(imported, secretIsSet)), warnings };
}

function flatten(config: IntegrationConfig): Record<string, string> {
  const text = (value: unknown) =>
    value === null || value === '' ? '(none)' : typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value);
  return {
    enabled: text(config.enabled),
    clientId: text(config.clientId),
    accountType: text(config.accountType),
    tenant: text(config.tenant),
    cloud: text(config.cloud),
    'customCloud.loginHost': text(config.customCloud.loginHost),
    'customCloud.graphHost': text(config.customCloud.graphHost),
    'customCloud.caCertificatePem': config.customCloud.caCertificatePem
      ? `certificate sha256:${createHash('sha256').update(config.customCloud.caCertificatePem).digest('hex').slice(0, 12)}`
      : '(none)',
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
