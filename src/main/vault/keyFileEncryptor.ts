import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Encryptor } from './encryptor';

const keyBytes = 32;
const ivBytes = 12;
const tagBytes = 16;

/**
 * Headless mode has no OS keyring to ask, so its key lives in a file readable only by the
 * account running the console (0600). That keeps secrets out of plain-text files and backups of
 * the settings, but anyone who can read the key file can decrypt: hence isProtected() is false
 * and the console says so, as it does for Electron's `basic_text` fallback.
 */
export function createKeyFileEncryptor(keyPath: string): Encryptor {
  const key = loadOrCreateKey(keyPath);
  return {
    backend: () => 'key_file',
    isProtected: () => false,
    async encrypt(plainText) {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    async decrypt(cipherText) {
      const iv = cipherText.subarray(0, ivBytes);
      const tag = cipherText.subarray(ivBytes, ivBytes + tagBytes);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(cipherText.subarray(ivBytes + tagBytes)), decipher.final()]);
      return { plainText: plain.toString('utf8'), shouldReEncrypt: false };
    },
  };
}

function loadOrCreateKey(keyPath: string): Buffer {
  if (existsSync(keyPath)) {
    const key = readFileSync(keyPath);
    if (key.length !== keyBytes) throw new Error(`The key file ${keyPath} is damaged (wrong length). Restore it from a backup; secrets saved with it cannot be read without it.`);
    return key;
  }
  mkdirSync(dirname(keyPath), { recursive: true });
  const key = randomBytes(keyBytes);
  writeFileSync(keyPath, key, { mode: 0o600, flag: 'wx' });
  chmodSync(keyPath, 0o600);
  return key;
}
