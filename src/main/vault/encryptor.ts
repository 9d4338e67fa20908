/**
 * How secrets are protected at rest. `safeStorage` in the desktop app; headless mode and tests
 * pass their own. Asynchronous because Electron 45 deprecates the synchronous safeStorage calls.
 */
export type Encryptor = {
  /** What protects the key, shown to the administrator: e.g. `gnome_libsecret`, `basic_text`. */
  backend(): string;
  /** False where the key is hard-coded or sits beside the data (Linux `basic_text`). */
  isProtected(): boolean;
  encrypt(plainText: string): Promise<Buffer>;
  decrypt(cipherText: Buffer): Promise<{ plainText: string; shouldReEncrypt: boolean }>;
  /** Forgets a key read earlier, so the next use reads it again (the administrator restored the key file). */
  reload?(): void;
  /** The file holding the key, when it is a file the administrator can restore. */
  keyFile?: string;
};

/** The key that encrypted the vault is not there at all (a deleted key file): decrypting cannot even start. */
export class VaultKeyMissingError extends Error {
  constructor(readonly keyPath: string) {
    super(`The key file ${keyPath} is missing.`);
    this.name = 'VaultKeyMissingError';
  }
}
