import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { VaultKeyMissingError, type Encryptor } from './encryptor';

const keyBytes = 32;
const ivBytes = 12;
const tagBytes = 16;

/**
 * Headless mode has no OS keyring to ask, so its key lives in a file readable only by the
 * account running the console (0600). That keeps secrets out of plain-text files and backups of
 * the settings, but anyone who can read the key file can decrypt: hence isProtected() is false
 * and the console says so, as it does for Electron's `basic_text` fallback.
 *
 * The key is read when first needed and made only when something is encrypted and no key file
 * exists: a missing key file is never quietly replaced while the vault still holds entries it
 * encrypted (the vault checks that before it encrypts anything).
 */
export function createKeyFileEncryptor(keyPath: string): Encryptor {
  let key: Buffer | undefined;
  const loadKey = (createIfMissing: boolean): Buffer => {
    key ??= readKey(keyPath) ?? (createIfMissing ? createKey(keyPath) : undefined);
    if (!key) throw new VaultKeyMissingError(keyPath);
    return key;
  };
  return {
    backend: () => 'key_file',
    isProtected: () => false,
    keyFile: keyPath,
    reload() {
      key = undefined;
    },
    async encrypt(plainText) {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', loadKey(true), iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    async decrypt(cipherText) {
      const iv = cipherText.subarray(0, ivBytes);
      const tag = cipherText.subarray(ivBytes, ivBytes + tagBytes);
      const decipher = createDecipheriv('aes-256-gcm', loadKey(false), iv);
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(cipherText.subarray(ivBytes + tagBytes)), decipher.final()]);
      return { plainText: plain.toString('utf8'), shouldReEncrypt: false };
    },
  };
}

function readKey(keyPath: string): Buffer | undefined {
  let key: Buffer;
  try {
    key = readFileSync(keyPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (key.length !== keyBytes)
    throw new Error(
      `The key file ${keyPath} is damaged (wrong length). Restore it from a backup; secrets saved with it cannot be read without it.`,
    );
  return key;
}

function createKey(keyPath: string): Buffer {
  mkdirSync(dirname(keyPath), { recursive: true, mode: 0o700 });
  const key = randomBytes(keyBytes);
  // wx: if another start made one meanwhile, fail rather than overwrite the key it encrypted with.
  writeFileSync(keyPath, key, { mode: 0o600, flag: 'wx' });
  chmodSync(keyPath, 0o600);
  return key;
}
