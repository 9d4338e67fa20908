// Desktop only: Electron's safeStorage behind the Encryptor port.
import type { SafeStorage } from 'electron';
import type { Encryptor } from '../vault/encryptor';

type AsyncSafeStorage = Pick<SafeStorage, 'encryptStringAsync' | 'decryptStringAsync'>;
type ProbedSafeStorage = AsyncSafeStorage & Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'getSelectedStorageBackend'>;

/** What the backend names mean for protection: a hard-coded key, or none yet, protects nothing. */
const unprotectedBackends = ['basic_text', 'unknown', 'unavailable'];
const linuxKeyrings = ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'];

/**
 * Which key protects what encryptStringAsync writes. On Linux getSelectedStorageBackend() names the
 * synchronous API's keyring, while the asynchronous API in use picks its own key provider and may
 * fall back to a fixed key. The cipher text's leading tag says which one encrypted it (Chromium
 * components/os_crypt/async): "v10" is the fallback key derived from a hard-coded password (what
 * Electron calls basic_text), "v11" a key the Secret Service or KWallet keeps. So one probe
 * encryption tells. macOS (Keychain) and Windows (DPAPI) have no fixed-key fallback.
 */
export async function detectSafeStorageBackend(
  safeStorage: ProbedSafeStorage,
  platform: NodeJS.Platform = process.platform,
): Promise<string> {
  if (platform === 'darwin') return 'keychain';
  if (platform === 'win32') return 'dpapi';
  try {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return 'unavailable';
    const tag = Buffer.from(await safeStorage.encryptStringAsync('which key provider?'))
      .subarray(0, 3)
      .toString('latin1');
    if (tag === 'v10') return 'basic_text';
    if (tag === 'v11') {
      const keyring = safeStorage.getSelectedStorageBackend();
      return linuxKeyrings.includes(keyring) ? keyring : 'secret_service';
    }
    // A provider newer than this code (the Secret portal, say): a key kept by the OS, named by its tag.
    return `os_key_${tag}`;
  } catch {
    return 'unavailable';
  }
}

/** `backend`: what detectSafeStorageBackend() found at start-up. */
export function createSafeStorageEncryptor(safeStorage: AsyncSafeStorage, backend: string): Encryptor {
  return {
    backend: () => backend,
    isProtected: () => !unprotectedBackends.includes(backend),
    encrypt: (plainText) => safeStorage.encryptStringAsync(plainText),
    async decrypt(cipherText) {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(cipherText);
      return { plainText: result, shouldReEncrypt };
    },
  };
}
