import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VaultKeyMissingError } from '../../../src/main/vault/encryptor';
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
    await expect(createKeyFileEncryptor(keyPath).decrypt(cipher)).rejects.toThrow(/damaged/);
  });

  it('never makes a key to decrypt with: a missing key file is reported, not replaced', async () => {
    const keyPath = join(tempDir(), 'secrets.key');
    const cipher = await createKeyFileEncryptor(keyPath).encrypt('value');
    rmSync(keyPath);
    const encryptor = createKeyFileEncryptor(keyPath);
    await expect(encryptor.decrypt(cipher)).rejects.toBeInstanceOf(VaultKeyMissingError);
    expect(existsSync(keyPath)).toBe(false);
  });

  it('reads the key again after reload() (a restored key file)', async () => {
    const keyPath = join(tempDir(), 'secrets.key');
    const encryptor = createKeyFileEncryptor(keyPath);
    const cipher = await encryptor.encrypt('value');
    const original = readFileSync(keyPath);
    writeFileSync(keyPath, randomBytes(32));
    encryptor.reload?.();
    await expect(encryptor.decrypt(cipher)).rejects.toThrow();
    writeFileSync(keyPath, original);
    encryptor.reload?.();
    expect((await encryptor.decrypt(cipher)).plainText).toBe('value');
  });
});
