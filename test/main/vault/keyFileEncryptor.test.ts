import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKeyFileEncryptor } from '../../../src/main/vault/keyFileEncryptor';
import { useTempDirs } from '../../support/tempDir';

describe('key-file encryptor (headless mode)', () => {
  const tempDir = useTempDirs();

  it('round-trips, never stores the plain text, and keeps its key 0600', async () => {
    const keyPath = join(tempDir(), 'secrets.key');
    const encryptor = createKeyFileEncryptor(keyPath);
    const cipher = await encryptor.encrypt('client-secret-value~123');
    expect(cipher.toString('latin1')).not.toContain('client-secret-value');
    expect(await createKeyFileEncryptor(keyPath).decrypt(cipher)).toEqual({ plainText: 'client-secret-value~123', shouldReEncrypt: false });
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
  });

  it('says it is not protected by a keyring', () => {
    const encryptor = createKeyFileEncryptor(join(tempDir(), 'secrets.key'));
    expect(encryptor.isProtected()).toBe(false);
    expect(encryptor.backend()).toBe('key_file');
  });

  it('detects tampering and refuses a damaged key file', async () => {
    const keyPath = join(tempDir(), 'secrets.key');
    const encryptor = createKeyFileEncryptor(keyPath);
    const cipher = await encryptor.encrypt('value');
    cipher[cipher.length - 1] ^= 0xff;
    await expect(encryptor.decrypt(cipher)).rejects.toThrow();
    writeFileSync(keyPath, readFileSync(keyPath).subarray(0, 10));
    expect(() => createKeyFileEncryptor(keyPath)).toThrow(/damaged/);
  });
});
