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
};
