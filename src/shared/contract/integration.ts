import { z } from 'zod';
import { reminderDays } from '../integration/secretExpiry';
import { adminConsentResultSchema, checkIntegrationConfig, integrationConfigFields } from './integrationSettings';

export const secretExpiryStateSchema = z.object({
  state: z.enum(['ok', 'reminder', 'expired']),
  expiresOn: z.iso.date(),
  daysLeft: z.number().int(),
  threshold: z.union(reminderDays.map((days) => z.literal(days))).nullable(),
});

/**
 * What the page learns about the client secret: whether one is set, when and until when — never
 * its value. `lostAtRestart`: it was kept in memory only and the console has restarted since.
 */
export const secretStatusSchema = z.object({
  /** `unreadable`: stored, but the key the console has now cannot decrypt it (see vault.health). */
  state: z.enum(['notSet', 'stored', 'memoryOnly', 'lostAtRestart', 'unreadable']),
  setAt: z.iso.datetime().nullable(),
  expiresOn: z.iso.date().nullable(),
  expiry: secretExpiryStateSchema.nullable(),
});

/**
 * How the vault protects secrets at rest. `osKeyring`: the OS keyring (safeStorage); `keyFile`:
 * headless mode's 0600 key file; `unprotected`: Electron's basic_text fallback (a hard-coded key),
 * where the administrator must choose between memory-only and storing anyway.
 */
export const vaultProtectionSchema = z.object({
  backend: z.string(),
  protection: z.enum(['osKeyring', 'keyFile', 'unprotected']),
  explanation: z.string(),
});
export type VaultProtection = z.infer<typeof vaultProtectionSchema>;

/** The console's certificate for organisation-wide mode, as the page shows it (never the private key). */
export const appCertificateViewSchema = z.object({
  thumbprintSha1: z.string(),
  thumbprintSha256: z.string(),
  notAfter: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  expiry: secretExpiryStateSchema,
  /** Whether the vault holds its private key: `missing` after the vault was cleared, `unreadable` with another key. */
  privateKey: z.enum(['stored', 'missing', 'unreadable']),
});
export type AppCertificateView = z.infer<typeof appCertificateViewSchema>;

export const integrationViewSchema = z.object({
  config: integrationConfigFields,
  secret: secretStatusSchema,
  vault: vaultProtectionSchema,
  adminConsent: adminConsentResultSchema.nullable(),
  appCertificate: appCertificateViewSchema.nullable(),
  /** Whether the console can open the system browser itself (not in headless mode). */
  canOpenBrowser: z.boolean(),
});
export type IntegrationView = z.infer<typeof integrationViewSchema>;

export const newSecretSchema = z.strictObject({
  value: z
    .string()
    .min(1, 'Paste the secret’s Value (not its Secret ID).')
    .max(1024, 'That is far longer than a client secret: paste only the Value column.'),
  expiresOn: z.iso.date('Enter the expiry date the portal showed, as YYYY-MM-DD.'),
});

/**
 * Checked at the door for shape only: the rules between fields run in the service, together with
 * its own checks (a pasted Secret ID, enabling without a secret), so one Save reports every problem.
 */
export const integrationSaveInputSchema = z.strictObject({
  config: integrationConfigFields,
  /** A new client secret; absent keeps the one already set. */
  secret: newSecretSchema.optional(),
  /** Where the new secret goes when the vault is `unprotected`: required then, ignored otherwise. */
  secretStorage: z.enum(['vault', 'memory']).optional(),
});
export type IntegrationSaveInput = z.input<typeof integrationSaveInputSchema>;

export const checkedIntegrationSaveSchema = integrationSaveInputSchema.superRefine((input, context) =>
  checkIntegrationConfig(input.config, context, ['config']),
);

export const consentStartSchema = z.object({
  url: z.string(),
  opened: z.boolean(),
  /** Why the browser was not opened, in plain words, when it was not. */
  note: z.string().nullable(),
});

export const configChangeSchema = z.object({ field: z.string(), label: z.string(), from: z.string(), to: z.string() });
export type ConfigChange = z.infer<typeof configChangeSchema>;

export const configImportPreviewSchema = z.object({
  changes: z.array(configChangeSchema),
  warnings: z.array(z.string()),
});
export type ConfigImportPreview = z.infer<typeof configImportPreviewSchema>;

export const configDocumentInputSchema = z.strictObject({
  json: z
    .string()
    .min(1, 'Choose a configuration file to import.')
    .max(256 * 1024, 'The file is too large to be a console configuration.'),
});

export const integrationChannels = {
  'integration.get': { input: z.void(), output: integrationViewSchema },
  'integration.save': { input: integrationSaveInputSchema, output: integrationViewSchema },
  'integration.removeSecret': { input: z.void(), output: integrationViewSchema },
  'integration.startConsent': { input: z.void(), output: consentStartSchema },
  'integration.exportConfig': { input: z.void(), output: z.object({ fileName: z.string(), json: z.string() }) },
  'integration.previewImport': { input: configDocumentInputSchema, output: configImportPreviewSchema },
  'integration.applyImport': { input: configDocumentInputSchema, output: integrationViewSchema },
  /** Organisation-wide mode: a new key pair and self-signed certificate (the private key goes to the vault). */
  'integration.generateCertificate': { input: z.void(), output: integrationViewSchema },
  /** The public certificate as a .cer (PEM) file to upload to the app registration. */
  'integration.certificateFile': { input: z.void(), output: z.object({ fileName: z.string(), pem: z.string() }) },
} as const;

export const integrationEvents = {
  'integration.changed': integrationViewSchema,
} as const;

/**
 * The answer to "Test the credentials": Microsoft was asked for an app token (client credentials)
 * with the saved client ID, tenant and secret. `outcome` sorts it; the words say what to do.
 */
export const credentialsTestSchema = z.object({
  outcome: z.enum(['valid', 'wrongSecret', 'expiredSecret', 'wrongTenant', 'wrongClientId', 'unreachable', 'notReady', 'refused']),
  /** The sign-in host that was asked (or could not be reached). */
  host: z.string(),
  /** e.g. `AADSTS7000215`, `ENOTFOUND`, `CERT_HAS_EXPIRED`; null when there is none. */
  code: z.string().nullable(),
  explanation: z.string(),
  fix: z.string().nullable(),
  checkedAt: z.iso.datetime(),
});
export type CredentialsTest = z.infer<typeof credentialsTestSchema>;

export const credentialsTestChannels = {
  'integration.testCredentials': { input: z.void(), output: credentialsTestSchema },
} as const;
