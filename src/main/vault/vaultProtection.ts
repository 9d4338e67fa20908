import type { VaultProtection } from '../../shared/contract';
import type { Encryptor } from './encryptor';

/** Electron's Linux fallbacks when no keyring answers: a hard-coded key, i.e. no protection. */
const unprotectedBackends = new Set(['basic_text', 'unknown']);

/** What protects the vault's key, in words for the Integration page. */
export function describeVaultProtection(encryptor: Encryptor): VaultProtection {
  const backend = encryptor.backend();
  if (backend === 'key_file') {
    return {
      backend,
      protection: 'keyFile',
      explanation:
        'Headless mode: secrets are encrypted with a key in secrets.key in the data folder, readable only by this account (0600). Anyone who can read that file as this account can decrypt them.',
    };
  }
  if (backend === 'unavailable') {
    return {
      backend,
      protection: 'unprotected',
      explanation:
        'Electron’s encryption did not start (no key provider answered), so a secret cannot be stored encrypted. Keep the secret in memory for this session only; unlocking or installing GNOME Keyring or KWallet and restarting fixes this.',
    };
  }
  if (unprotectedBackends.has(backend) || !encryptor.isProtected()) {
    return {
      backend,
      protection: 'unprotected',
      explanation: `No OS keyring is available (${backend}): a stored secret would be encrypted with a key built into Electron, which protects nothing. Keep the secret in memory for this session only, or store it anyway knowing it is not protected. Installing and unlocking GNOME Keyring or KWallet fixes this.`,
    };
  }
  return {
    backend,
    protection: 'osKeyring',
    explanation: `Secrets are encrypted with a key held by the operating system’s keyring (${backend}).`,
  };
}
