import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspaceDatabase } from '../../../src/main/store/workspaceDatabase';
import { CredentialVault } from '../../../src/main/vault/credentialVault';
import type { Encryptor } from '../../../src/main/vault/encryptor';
import { createKeyFileEncryptor } from '../../../src/main/vault/keyFileEncryptor';
import { createSafeStorageEncryptor, detectSafeStorageBackend } from '../../../src/main/desktop/safeStorageEncryptor';
import { describeVaultProtection } from '../../../src/main/vault/vaultProtection';
import { defaultIntegrationConfig } from '../../../src/shared/contract';
import { createTestCore } from '../../support/testCore';
import { useTempDirs } from '../../support/tempDir';

const secret = 'Vq8Q~vault-round-trip-secret-value.1234';
const now = () => new Date('2026-11-26T12:00:00Z');

function openDb(dir: string) {
  return openWorkspaceDatabase({ path: join(dir, 'workspace.db'), now, notify: () => {} });
}

function fakeSafeStorage(backend: string, rotateOnce = false) {
  let rotated = !rotateOnce;
  return {
    getSelectedStorageBackend: () => backend as never,
    encryptStringAsync: async (text: string) => Buffer.from(`v${rotated ? 2 : 1}:${Buffer.from(text).toString('hex')}`),
    decryptStringAsync: async (cipher: Buffer) => {
      const [version, hex] = cipher.toString().split(':');
      const wasOld = version === 'v1';
      rotated = true;
      return { result: Buffer.from(hex, 'hex').toString(), shouldReEncrypt: wasOld };
    },
  };
}

describe('credential vault', () => {
  const tempDir = useTempDirs();

  it('round-trips a secret across a restart, storing only cipher text', async () => {
    const dir = tempDir();
    const db = openDb(dir);
    await new CredentialVault(db, createKeyFileEncryptor(join(dir, 'secrets.key')), now).put('client', secret);
    db.close();
    const reopened = openDb(dir);
    const vault = new CredentialVault(reopened, createKeyFileEncryptor(join(dir, 'secrets.key')), now);
    expect(vault.placement('client')).toBe('vault');
    expect(await vault.get('client')).toBe(secret);
    reopened.close();
    for (const file of readdirSync(dir)) expect(readFileSync(join(dir, file)).includes(secret), file).toBe(false);
  });

  it('keeps a memory-only secret out of the database and forgets it at restart', async () => {
    const dir = tempDir();
    const db = openDb(dir);
    const encryptor = createKeyFileEncryptor(join(dir, 'secrets.key'));
    const vault = new CredentialVault(db, encryptor, now);
    await vault.put('client', 'stored-first');
    await vault.put('client', secret, 'memory');
    expect(vault.placement('client')).toBe('memory');
    expect(await vault.get('client')).toBe(secret);
    expect(new CredentialVault(db, encryptor, now).placement('client')).toBeNull();
    vault.delete('client');
    expect(await vault.get('client')).toBeUndefined();
    db.close();
  });

  it('re-encrypts when safeStorage says its key was rotated', async () => {
    const dir = tempDir();
    const db = openDb(dir);
    const vault = new CredentialVault(db, createSafeStorageEncryptor(fakeSafeStorage('gnome_libsecret', true), 'gnome_libsecret'), now);
    await vault.put('client', secret);
    const cipherBefore = (db.prepare('SELECT cipher FROM vault_secrets').get() as { cipher: Uint8Array }).cipher;
    expect(Buffer.from(cipherBefore).toString().startsWith('v1:')).toBe(true);
    expect(await vault.get('client')).toBe(secret);
    const cipherAfter = (db.prepare('SELECT cipher FROM vault_secrets').get() as { cipher: Uint8Array }).cipher;
    expect(Buffer.from(cipherAfter).toString().startsWith('v2:')).toBe(true);
    db.close();
  });
});

describe('vault protection (backend detection)', () => {
  const tempDir = useTempDirs();
  /** The asynchronous API's cipher text starts with its key provider's tag (Chromium os_crypt_async). */
  const tagged = (syncBackend: string, tag: string, available = true) => ({
    getSelectedStorageBackend: () => syncBackend as never,
    isAsyncEncryptionAvailable: async () => available,
    encryptStringAsync: async (text: string) => Buffer.concat([Buffer.from(tag), Buffer.from(text)]),
    decryptStringAsync: async (cipher: Buffer) => ({ result: cipher.subarray(3).toString(), shouldReEncrypt: false }),
  });
  const linux = async (syncBackend: string, tag: string): Promise<Encryptor> => {
    const safeStorage = tagged(syncBackend, tag);
    return createSafeStorageEncryptor(safeStorage, await detectSafeStorageBackend(safeStorage, 'linux'));
  };

  it.each(['gnome_libsecret', 'kwallet6', 'basic_text'])(
    'treats the fixed-key fallback (v10) as unprotected, whatever the keyring backend (%s) says',
    async (syncBackend) => {
      expect(describeVaultProtection(await linux(syncBackend, 'v10'))).toMatchObject({
        backend: 'basic_text',
        protection: 'unprotected',
        explanation: expect.stringMatching(/memory for this session only, or store it anyway/),
      });
    },
  );

  it.each(['gnome_libsecret', 'kwallet5', 'kwallet6'])('trusts a keyring key (v11) and names the keyring %s', async (syncBackend) => {
    expect(describeVaultProtection(await linux(syncBackend, 'v11'))).toMatchObject({ backend: syncBackend, protection: 'osKeyring' });
  });

  it('trusts a keyring key even where the synchronous API would fall back to basic_text', async () => {
    expect(describeVaultProtection(await linux('basic_text', 'v11'))).toMatchObject({ backend: 'secret_service', protection: 'osKeyring' });
  });

  it('says so when the asynchronous encryption is not available at all', async () => {
    const safeStorage = tagged('gnome_libsecret', 'v11', false);
    expect(
      describeVaultProtection(createSafeStorageEncryptor(safeStorage, await detectSafeStorageBackend(safeStorage, 'linux'))),
    ).toMatchObject({ backend: 'unavailable', protection: 'unprotected' });
  });

  it('trusts the macOS keychain and Windows DPAPI', async () => {
    expect(await detectSafeStorageBackend(tagged('basic_text', 'v10'), 'darwin')).toBe('keychain');
    expect(await detectSafeStorageBackend(tagged('basic_text', 'v10'), 'win32')).toBe('dpapi');
    expect(describeVaultProtection(createSafeStorageEncryptor(tagged('basic_text', 'v10'), 'keychain')).protection).toBe('osKeyring');
  });

  it('says headless mode uses a 0600 key file', () => {
    expect(describeVaultProtection(createKeyFileEncryptor(join(tempDir(), 'secrets.key')))).toMatchObject({
      protection: 'keyFile',
      explanation: expect.stringMatching(/0600/),
    });
  });
});

describe('credential vault and the log redactor', () => {
  const tempDir = useTempDirs();

  it('makes every stored secret known to the redactor, also after a restart', async () => {
    const dir = tempDir();
    const secret = 'Wq8Q~vault-announced-secret-value';
    const first = createTestCore(dir);
    await first.integration.save({
      config: { ...defaultIntegrationConfig, clientId: '0b5e6a2c-1234-4cde-9f00-123456789abc', tenant: 'contoso.com' },
      secret: { value: secret, expiresOn: '2028-11-26' },
    });
    first.logs.logger('test').error(`echo ${secret}`);
    await first.shutdown();
    const second = createTestCore(dir);
    await new Promise((resolve) => setTimeout(resolve, 50));
    second.logs.logger('test').error(`echo again ${secret}`);
    await second.logs.flushed();
    const logged =
      JSON.stringify(second.logs.recent()) +
      readdirSync(join(dir, 'logs'))
        .map((name) => readFileSync(join(dir, 'logs', name), 'utf8'))
        .join('');
    expect(logged).toContain('echo again [redacted]');
    expect(logged).not.toContain(secret);
    await second.shutdown();
  });
});
