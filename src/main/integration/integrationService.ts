import { X509Certificate } from 'node:crypto';
import {
  ContractError,
  checkedIntegrationSaveSchema,
  describeIssues,
  integrationConfigFields,
  issuesFromZod,
  type FieldIssue,
  type IntegrationConfig,
  type IntegrationSettings,
  type IntegrationView,
  type SecretMetadata,
} from '../../shared/contract';
import type { integrationSaveInputSchema } from '../../shared/contract/integration';
import { looksLikeSecretId } from '../../shared/integration/secretChecks';
import { secretExpiryState, type SecretExpiryState } from '../../shared/integration/secretExpiry';
import type { SettingsService } from '../settings/settingsService';
import { SecretsUnreadableError, type CredentialVault } from '../vault/credentialVault';
import type { Encryptor } from '../vault/encryptor';
import { describeVaultProtection } from '../vault/vaultProtection';
import type { z } from 'zod';

export const clientSecretName = 'integration.clientSecret';
/** The private key of the certificate organisation-wide mode signs in with (issue 18). */
export const appCertificateKeyName = 'integration.appCertificateKey';

type SaveInput = z.output<typeof integrationSaveInputSchema>;

/** Built once: `.strip()` makes a new schema that zod compiles again on its first parse, and config() is read per mailbox in a run. */
const configFieldsOnly = integrationConfigFields.strip();

export type IntegrationServiceOptions = {
  settings: SettingsService;
  vault: CredentialVault;
  encryptor: Encryptor;
  now: () => Date;
  canOpenBrowser: boolean;
};

/** The Integration page's service: non-secret settings in settings.json, the client secret in the vault. */
export class IntegrationService {
  constructor(private readonly options: IntegrationServiceOptions) {}

  settings(): IntegrationSettings {
    return this.options.settings.get().integration;
  }

  config(): IntegrationConfig {
    // Parsing with the config schema drops the recorded facts (secret metadata, consent result).
    return configFieldsOnly.parse(this.settings());
  }

  view(): IntegrationView {
    const settings = this.settings();
    return {
      config: this.config(),
      secret: this.secretStatus(settings.secret),
      vault: describeVaultProtection(this.options.encryptor),
      adminConsent: settings.adminConsent,
      appCertificate: this.appCertificateStatus(),
      canOpenBrowser: this.options.canOpenBrowser,
    };
  }

  isEnabled(): boolean {
    return this.settings().enabled;
  }

  /** The client secret, for the sign-in code in main only (never a contract answer). */
  clientSecret(): Promise<string | undefined> {
    return this.options.vault.get(clientSecretName);
  }

  /** Null when no secret is set or no expiry was recorded. */
  secretExpiry(): SecretExpiryState | null {
    const { secret } = this.settings();
    if (!secret.expiresOn || !this.options.vault.placement(clientSecretName)) return null;
    return secretExpiryState(secret.expiresOn, this.options.now());
  }

  /** Validates everything first; on any error nothing is saved, neither the secret nor the settings. */
  async save(input: SaveInput): Promise<IntegrationView> {
    const protection = describeVaultProtection(this.options.encryptor).protection;
    const checked = checkedIntegrationSaveSchema.safeParse(input);
    const issues: FieldIssue[] = checked.success ? [] : issuesFromZod(checked.error);
    issues.push(
      ...checkCaCertificate(input.config.customCloud.caCertificatePem).filter(
        (found) => !issues.some((issue) => issue.field === found.field),
      ),
    );
    if (input.secret) {
      if (looksLikeSecretId(input.secret.value)) {
        issues.push({
          field: 'secret.value',
          message:
            'This looks like the Secret ID (a GUID), not the secret’s Value. In Certificates & secrets copy the Value column, which the portal shows only right after you create the secret.',
        });
      }
      if (protection === 'unprotected' && !input.secretStorage) {
        issues.push({
          field: 'secretStorage',
          message:
            'No OS keyring protects stored secrets here: choose to keep the secret in memory for this session only, or to store it anyway.',
        });
      }
    }
    const secretPresent = Boolean(input.secret) || this.options.vault.placement(clientSecretName) !== null;
    // Organisation-wide mode with a certificate signs in with the certificate, not the secret.
    const usesCertificate = input.config.connection?.mode === 'application' && input.config.connection.credential === 'certificate';
    if (input.config.enabled && !usesCertificate && !secretPresent) {
      issues.push({ field: 'secret.value', message: 'Paste the client secret’s Value before enabling the integration.' });
    }
    if (input.config.enabled && usesCertificate && !this.settings().appCertificate) {
      issues.push({
        field: 'config.connection.credential',
        message:
          'Generate the certificate (and upload it to the app registration) before enabling organisation-wide mode with a certificate.',
      });
    }
    if (issues.length > 0) throw new ContractError('VALIDATION', describeIssues(issues), issues);

    const current = this.settings();
    let secret = current.secret;
    if (input.secret) {
      const placement = protection === 'unprotected' ? (input.secretStorage ?? 'memory') : 'vault';
      try {
        await this.options.vault.put(clientSecretName, input.secret.value, placement);
      } catch (error) {
        if (error instanceof SecretsUnreadableError) throw new ContractError('CONFLICT', error.message);
        throw error;
      }
      secret = { setAt: this.options.now().toISOString(), expiresOn: input.secret.expiresOn, storage: placement, remindersSent: [] };
    }
    this.options.settings.replaceSection('integration', {
      ...input.config,
      secret,
      adminConsent: current.adminConsent,
      appCertificate: current.appCertificate,
    });
    return this.changed();
  }

  /** Replaces only the editable configuration (an import); the secret and its facts stay. */
  applyConfig(config: IntegrationConfig): IntegrationView {
    const issues = checkCaCertificate(config.customCloud.caCertificatePem);
    if (issues.length > 0) throw new ContractError('VALIDATION', describeIssues(issues), issues);
    const current = this.settings();
    this.options.settings.replaceSection('integration', {
      ...config,
      secret: current.secret,
      adminConsent: current.adminConsent,
      appCertificate: current.appCertificate,
    });
    return this.changed();
  }

  removeSecret(): IntegrationView {
    this.options.vault.delete(clientSecretName);
    const current = this.settings();
    // Without a secret the integration cannot sign anyone in: say so by switching it off.
    this.options.settings.replaceSection('integration', {
      ...current,
      enabled: false,
      secret: { setAt: null, expiresOn: null, storage: null, remindersSent: [] },
    });
    return this.changed();
  }

  /** Records facts observed by main (reminders sent, the consent result) without touching the configuration. */
  recordFacts(facts: Partial<Pick<IntegrationSettings, 'secret' | 'adminConsent' | 'appCertificate'>>): IntegrationView {
    this.options.settings.replaceSection('integration', { ...this.settings(), ...facts });
    return this.changed();
  }

  // The settings service announces every change (core turns it into integration.changed and status.changed).
  private changed(): IntegrationView {
    return this.view();
  }

  private appCertificateStatus(): IntegrationView['appCertificate'] {
    const facts = this.settings().appCertificate;
    if (!facts) return null;
    const placement = this.options.vault.placement(appCertificateKeyName);
    return {
      thumbprintSha1: facts.thumbprintSha1,
      thumbprintSha256: facts.thumbprintSha256,
      notAfter: facts.notAfter,
      createdAt: facts.createdAt,
      expiry: secretExpiryState(facts.notAfter.slice(0, 10), this.options.now()),
      privateKey: !placement ? 'missing' : this.options.vault.isUnreadable(appCertificateKeyName) ? 'unreadable' : 'stored',
    };
  }

  private secretStatus(metadata: SecretMetadata): IntegrationView['secret'] {
    const placement = this.options.vault.placement(clientSecretName);
    if (!placement) {
      const lost = metadata.storage === 'memory' && metadata.setAt !== null;
      return {
        state: lost ? 'lostAtRestart' : 'notSet',
        setAt: lost ? metadata.setAt : null,
        expiresOn: lost ? metadata.expiresOn : null,
        expiry: null,
      };
    }
    return {
      state: placement === 'memory' ? 'memoryOnly' : this.options.vault.isUnreadable(clientSecretName) ? 'unreadable' : 'stored',
      setAt: metadata.setAt,
      expiresOn: metadata.expiresOn,
      expiry: metadata.expiresOn ? secretExpiryState(metadata.expiresOn, this.options.now()) : null,
    };
  }
}

/** The pattern check is in the contract; only Node can tell whether the PEM is a certificate. */
function checkCaCertificate(pem: string): FieldIssue[] {
  if (!pem) return [];
  try {
    new X509Certificate(pem);
    return [];
  } catch {
    return [
      {
        field: 'config.customCloud.caCertificatePem',
        message:
          'The CA certificate could not be read: paste the whole PEM certificate of the proxy’s or emulator’s CA, BEGIN and END lines included.',
      },
    ];
  }
}
