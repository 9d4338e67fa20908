import type { FileDelivery } from '../../src/shared/contract';
import { buildCore, type Core, type CoreInternals, type CorePorts } from '../../src/main/core';
import type { DeliverFile } from '../../src/main/files/fileTypes';
import { openJsonSettingsFile } from '../../src/main/settings/jsonSettingsFile';
import type { Encryptor } from '../../src/main/vault/encryptor';

/** An encryptor for tests: reversible, and honest that it protects nothing. */
export const testEncryptor: Encryptor = {
  backend: () => 'test',
  isProtected: () => true,
  encrypt: async (plainText) => Buffer.from(plainText, 'utf8').reverse(),
  decrypt: async (cipherText) => ({ plainText: Buffer.from(cipherText).reverse().toString('utf8'), shouldReEncrypt: false }),
};

/** The core as the edges see it, plus the services behind its features: the tests' seam into them. */
export type TestCore = Core & CoreInternals;

/** A started core over `dataDir` (its start is under way: the vault check finishes in the background, as in the app). */
export function createTestCore(dataDir: string, overrides: Partial<CorePorts> = {}): TestCore {
  const { core, internals } = buildCore({
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
    openSettingsFile: openJsonSettingsFile,
    deliverFile: async () => ({ kind: 'cancelled' }),
    ...overrides,
  });
  void core.start();
  return Object.assign(core, internals);
}

/** A call through the contract as the renderer makes it; a refusal throws with its code and field issues. */
export async function callOk<T = unknown>(core: Core, channel: string, input?: unknown): Promise<T> {
  const result = await core.registry.invoke(channel, input, { transport: 'internal' });
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code, issues: result.error.issues });
  return result.result as T;
}

/** A `deliverFile` port that keeps what it was handed, as text with its media type, and answers with `delivery(fileName)`. */
export function recordDeliveries(delivery: (fileName: string) => FileDelivery) {
  const delivered: Array<{ fileName: string; text: string; mediaType: string }> = [];
  const deliverFile: DeliverFile = async (fileName, bytes, type) => {
    delivered.push({ fileName, text: new TextDecoder().decode(bytes), mediaType: type.mediaType });
    return delivery(fileName);
  };
  return { delivered, deliverFile };
}
