import type { DatabaseSync } from 'node:sqlite';
import type { Encryptor } from './encryptor';

export type SecretPlacement = 'vault' | 'memory';

/**
 * The one place secrets live: the client secret now, account token caches later. Stored only as
 * cipher text from the `Encryptor` port, in the workspace database (migration 3); or, when the
 * administrator chose so because no keyring protects the key, only in this process's memory.
 * It never hands a secret to anything but the main-process code that asked for it by name.
 */
export class CredentialVault {
  private readonly inMemory = new Map<string, string>();

  constructor(
    private readonly db: DatabaseSync,
    private readonly encryptor: Encryptor,
    private readonly now: () => Date,
    /** Told every secret value that passes through, so the log redactor can recognise it anywhere. */
    private readonly onSecretSeen: (value: string) => void = () => {},
  ) {}

  /** Reads every stored secret once so that each is known to `onSecretSeen` from start-up on. */
  async announceAll(): Promise<void> {
    const rows = this.db.prepare('SELECT name FROM vault_secrets').all() as { name: string }[];
    for (const { name } of rows) await this.get(name);
  }

  async put(name: string, value: string, placement: SecretPlacement = 'vault'): Promise<void> {
    this.onSecretSeen(value);
    if (placement === 'memory') {
      this.deleteStored(name);
      this.inMemory.set(name, value);
      return;
    }
    const cipher = await this.encryptor.encrypt(value);
    this.db
      .prepare('INSERT INTO vault_secrets (name, cipher, backend, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET cipher = excluded.cipher, backend = excluded.backend, updated_at = excluded.updated_at')
      .run(name, cipher, this.encryptor.backend(), this.now().toISOString());
    this.inMemory.delete(name);
  }

  async get(name: string): Promise<string | undefined> {
    const remembered = this.inMemory.get(name);
    if (remembered !== undefined) return remembered;
    const row = this.db.prepare('SELECT cipher FROM vault_secrets WHERE name = ?').get(name) as { cipher: Uint8Array } | undefined;
    if (!row) return undefined;
    const { plainText, shouldReEncrypt } = await this.encryptor.decrypt(Buffer.from(row.cipher));
    this.onSecretSeen(plainText);
    // safeStorage rotated its key: store the secret again under the new one.
    if (shouldReEncrypt) await this.put(name, plainText, 'vault');
    return plainText;
  }

  /** Where the secret is, without decrypting it. */
  placement(name: string): SecretPlacement | null {
    if (this.inMemory.has(name)) return 'memory';
    return this.db.prepare('SELECT 1 AS found FROM vault_secrets WHERE name = ?').get(name) ? 'vault' : null;
  }

  delete(name: string): void {
    this.inMemory.delete(name);
    this.deleteStored(name);
  }

  private deleteStored(name: string): void {
    this.db.prepare('DELETE FROM vault_secrets WHERE name = ?').run(name);
  }
}
