/**
 * Organisation-wide mode's certificate: generated on request, its private key kept in the vault
 * (never in settings, logs or the renderer), its public certificate offered as a file to upload
 * to the app registration, its facts (thumbprints, expiry) recorded with the integration settings.
 */
import { ContractError, type IntegrationView } from '../../shared/contract';
import { appCertificateKeyName, type IntegrationService } from '../integration/integrationService';
import type { Logger } from '../logs/logService';
import type { CredentialVault, SecretPlacement } from '../vault/credentialVault';

export type AppCertificateServiceOptions = {
  integration: IntegrationService;
  vault: CredentialVault;
  now: () => Date;
  log: Logger;
  /** Where the key goes: the vault, or memory only when the vault would not really protect it. */
  placement: () => SecretPlacement;
};

export const appCertificateSubject = 'Outlook Integration Console';

export class AppCertificateService {
  constructor(private readonly options: AppCertificateServiceOptions) {}

  /** A new key pair and certificate; the previous certificate stops working once Entra no longer lists it. */
  async generate(): Promise<IntegrationView> {
    const { integration, vault, now, log } = this.options;
    // @peculiar/x509 is loaded only here: making a certificate is rare, and the library is large.
    const { generateAppCertificate } = await import('./appCertificate');
    const made = await generateAppCertificate(appCertificateSubject, now());
    const { privateKeyPem, ...facts } = made;
    try {
      await vault.put(appCertificateKeyName, privateKeyPem, this.options.placement());
    } catch (error) {
      throw new ContractError('CONFLICT', (error as Error).message);
    }
    log.info(
      `A new certificate for organisation-wide mode was generated (thumbprint ${facts.thumbprintSha1}, valid until ${facts.notAfter.slice(0, 10)}); upload it to the app registration.`,
    );
    return integration.recordFacts({ appCertificate: facts });
  }

  /** The public certificate, PEM in a .cer file: what Entra's Upload certificate takes. */
  certificateFile(): { fileName: string; pem: string } {
    const facts = this.options.integration.settings().appCertificate;
    if (!facts) throw new ContractError('CONFLICT', 'No certificate has been generated yet: press Generate certificate first.');
    return { fileName: `outlook-integration-console-${facts.thumbprintSha1.slice(0, 8).toLowerCase()}.cer`, pem: facts.certificatePem };
  }

  /** The certificate and its private key, for the token provider in main only. */
  async credential(): Promise<{ certificatePem: string; thumbprintSha256: string; privateKeyPem: string } | undefined> {
    const facts = this.options.integration.settings().appCertificate;
    if (!facts) return undefined;
    const privateKeyPem = await this.options.vault.get(appCertificateKeyName);
    if (!privateKeyPem) return undefined;
    return { certificatePem: facts.certificatePem, thumbprintSha256: facts.thumbprintSha256, privateKeyPem };
  }
}
