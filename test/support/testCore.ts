import { createCore, type Core, type CorePorts } from '../../src/main/core';
import { openConfSettingsFile } from '../../src/main/settings/confSettingsFile';
import type { Encryptor } from '../../src/main/vault/encryptor';

/** An encryptor for tests: reversible, and honest that it protects nothing. */
export const testEncryptor: Encryptor = {
  backend: () => 'test',
  isProtected: () => true,
  encrypt: async (plainText) => Buffer.from(plainText, 'utf8').reverse(),
  decrypt: async (cipherText) => ({ plainText: Buffer.from(cipherText).reverse().toString('utf8'), shouldReEncrypt: false }),
};

export function createTestCore(dataDir: string, overrides: Partial<CorePorts> = {}): Core {
  return createCore({
    mode: 'headless',
    dataDir,
    appVersion: '0.0.0-test',
    versions: { node: process.versions.node, electron: null, chrome: null },
    clock: { now: () => new Date('2026-11-26T12:00:00Z') },
    operator: 'test-operator',
    encryptor: testEncryptor,
    openBrowser: async () => {},
    canOpenBrowser: false,
    notifyDesktop: () => {},
    fetch: globalThis.fetch,
    openSettingsFile: openConfSettingsFile,
    deliverFile: async () => ({ kind: 'cancelled' }),
    ...overrides,
  });
}
