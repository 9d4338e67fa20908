import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspaceDatabase } from '../../../src/main/store/workspaceDatabase';
import { CredentialVault } from '../../../src/main/vault/credentialVault';
import type { Encryptor } from '../../../src/main/vault/encryptor';
import { createKeyFileEncryptor } from '../../../src/main/vault/keyFileEncryptor';
import { createSafeStorageEncryptor } from '../../../src/main/vault/safeStorageEncryptor';
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
    const vault = new CredentialVault(db, createSafeStorageEncryptor(fakeSafeStorage('gnome_libsecret', true), 'linux'), now);
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
  const linux = (backend: string): Encryptor => createSafeStorageEncryptor(fakeSafeStorage(backend), 'linux');

  it.each(['basic_text', 'unknown'])('treats Linux %s as unprotected and asks for a choice', (backend) => {
    expect(describeVaultProtection(linux(backend))).toMatchObject({ backend, protection: 'unprotected', explanation: expect.stringMatching(/memory for this session only, or store it anyway/) });
  });

  it.each(['gnome_libsecret', 'kwallet5', 'kwallet6'])('trusts the Linux keyring %s', (backend) => {
    expect(describeVaultProtection(linux(backend))).toMatchObject({ backend, protection: 'osKeyring' });
  });

  it('trusts the macOS keychain and Windows DPAPI', () => {
    expect(describeVaultProtection(createSafeStorageEncryptor(fakeSafeStorage('basic_text'), 'darwin')).protection).toBe('osKeyring');
    expect(describeVaultProtection(createSafeStorageEncryptor(fakeSafeStorage('basic_text'), 'win32')).backend).toBe('dpapi');
  });

  it('says headless mode uses a 0600 key file', () => {
    expect(describeVaultProtection(createKeyFileEncryptor(join(tempDir(), 'secrets.key')))).toMatchObject({ protection: 'keyFile', explanation: expect.stringMatching(/0600/) });
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
    const logged = JSON.stringify(second.logs.recent()) + readdirSync(join(dir, 'logs')).map((name) => readFileSync(join(dir, 'logs', name), 'utf8')).join('');
    expect(logged).toContain('echo again [redacted]');
    expect(logged).not.toContain(secret);
    await second.shutdown();
  });
});
