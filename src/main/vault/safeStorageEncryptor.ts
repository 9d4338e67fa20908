// Desktop only: Electron's safeStorage behind the Encryptor port.
import type { SafeStorage } from 'electron';
import type { Encryptor } from './encryptor';

type AsyncSafeStorage = Pick<SafeStorage, 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>;

export function createSafeStorageEncryptor(safeStorage: AsyncSafeStorage, platform: NodeJS.Platform = process.platform): Encryptor {
  // On Linux without a keyring Electron falls back to `basic_text`, a hard-coded key: not protection.
  const backend = () => (platform === 'linux' ? safeStorage.getSelectedStorageBackend() : platform === 'darwin' ? 'keychain' : 'dpapi');
  return {
    backend,
    isProtected: () => !['basic_text', 'unknown'].includes(backend()),
    encrypt: (plainText) => safeStorage.encryptStringAsync(plainText),
    async decrypt(cipherText) {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(cipherText);
      return { plainText: result, shouldReEncrypt };
    },
  };
}
