import type { DatabaseSync } from 'node:sqlite';
import type { Encryptor } from './encryptor';
import { VaultKeyCheck, type KeyVerdict } from './vaultKeyCheck';

export type SecretPlacement = 'vault' | 'memory';

/** What the vault knows about its own readability; the core turns it into words (vault.health). */
export type VaultState = { state: 'readable' } | { state: 'unreadable'; names: string[]; verdict: KeyVerdict };

/** A stored secret cannot be read with the key the console has now; the message says what to do. */
export class SecretsUnreadableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretsUnreadableError';
  }
}

export type CredentialVaultOptions = {
  /** Told every secret value that passes through, so the log redactor can recognise it anywhere. */
  onSecretSeen?: (value: string) => void;
  /**
   * Whether an entry is a container of secrets whose owner announces each one when it reads it (an
   * account's token cache): at start-up its whole text is not announced, only checked.
   */
  isContainer?: (name: string) => boolean;
  /** Told when the vault finds its entries unreadable, or readable again. */
  onStateChange?: (state: VaultState) => void;
  /** The words of a SecretsUnreadableError: the core knows the key file and the fixes. */
  describeUnreadable?: (state: Extract<VaultState, { state: 'unreadable' }>) => string;
};

/**
 * The one place secrets live: the client secret, the accounts' token caches. Stored only as
 * cipher text from the `Encryptor` port, in the workspace database (migration 3); or, when the
 * administrator chose so because no keyring protects the key, only in this process's memory.
 * It never hands a secret to anything but the main-process code that asked for it by name.
 *
 * The vault records which key encrypted it (`VaultKeyCheck`). When the key it has now is missing
 * or another one, the entries are *unreadable*: reading one fails with the fix in words, and
 * nothing new is encrypted, so the old key, once restored, still opens everything.
 */
export class CredentialVault {
  private readonly inMemory = new Map<string, string>();
  private readonly keyCheck: VaultKeyCheck;
  private readonly options: CredentialVaultOptions;
  private verified: Promise<void> | undefined;
  private current: VaultState = { state: 'readable' };

  constructor(
    private readonly db: DatabaseSync,
    private readonly encryptor: Encryptor,
    private readonly now: () => Date,
    options: CredentialVaultOptions | ((value: string) => void) = {},
  ) {
    this.options = typeof options === 'function' ? { onSecretSeen: options } : options;
    this.keyCheck = new VaultKeyCheck(db, encryptor);
  }

  state(): VaultState {
    return this.current;
  }

  /**
   * Checks the key against the vault's record and reads every stored secret once, so each is
   * known to `onSecretSeen` from start-up on. Runs once; `recheck()` runs it again.
   */
  async open(): Promise<VaultState> {
    this.verified ??= this.verify();
    await this.verified;
    return this.current;
  }

  /** After the administrator restored the key: read the key again and check every entry. */
  async recheck(): Promise<VaultState> {
    await this.verified?.catch(() => {});
    this.encryptor.reload?.();
    this.verified = this.verify();
    await this.verified;
    return this.current;
  }

  /** Deletes the entries no key here can read; the key check starts afresh with the next secret stored. */
  async clearUnreadable(): Promise<string[]> {
    await this.open();
    if (this.current.state !== 'unreadable') return [];
    const { names } = this.current;
    for (const name of names) this.deleteStored(name);
    if (this.storedNames().length === 0) this.keyCheck.forget();
    this.setState({ state: 'readable' });
    return names;
  }

  /**
   * `announce: false` is for an entry that is a container of secrets (an account's token cache, a
   * few KB of JSON): its owner makes each secret in it known instead. Announcing the whole text
   * would keep a copy of every version of it for the redactor, for every account.
   */
  async put(name: string, value: string, placement: SecretPlacement = 'vault', options: { announce?: boolean } = {}): Promise<void> {
    if (options.announce !== false) this.options.onSecretSeen?.(value);
    if (placement === 'memory') {
      this.delete(name);
      this.inMemory.set(name, value);
      return;
    }
    await this.open();
    // Encrypting now would use a key the old entries do not open (or make a new key file over a lost one).
    if (this.current.state === 'unreadable') throw this.unreadableError(this.current);
    await this.keyCheck.recordIfMissing();
    const cipher = await this.encryptor.encrypt(value);
    this.db
      .prepare(
        'INSERT INTO vault_secrets (name, cipher, backend, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET cipher = excluded.cipher, backend = excluded.backend, updated_at = excluded.updated_at',
      )
      .run(name, cipher, this.encryptor.backend(), this.now().toISOString());
    this.inMemory.delete(name);
  }

  async get(name: string, options: { announce?: boolean } = {}): Promise<string | undefined> {
    const remembered = this.inMemory.get(name);
    if (remembered !== undefined) return remembered;
    await this.open();
    const row = this.db.prepare('SELECT cipher FROM vault_secrets WHERE name = ?').get(name) as { cipher: Uint8Array } | undefined;
    if (!row) return undefined;
    if (this.current.state === 'unreadable' && this.current.names.includes(name)) throw this.unreadableError(this.current);
    let decrypted: { plainText: string; shouldReEncrypt: boolean };
    try {
      decrypted = await this.encryptor.decrypt(Buffer.from(row.cipher));
    } catch (error) {
      // It decrypted at start-up: the key changed under the running console (a replaced key file).
      const names = this.current.state === 'unreadable' ? [...new Set([...this.current.names, name])] : [name];
      const next: VaultState = { state: 'unreadable', names, verdict: this.keyCheck.verdictFor(error) };
      this.setState(next);
      throw this.unreadableError(next);
    }
    if (options.announce !== false) this.options.onSecretSeen?.(decrypted.plainText);
    // safeStorage rotated its key: store the secret again under the new one.
    if (decrypted.shouldReEncrypt) await this.put(name, decrypted.plainText, 'vault', options);
    return decrypted.plainText;
  }

  /** Where the secret is, without decrypting it. */
  placement(name: string): SecretPlacement | null {
    if (this.inMemory.has(name)) return 'memory';
    return this.db.prepare('SELECT 1 AS found FROM vault_secrets WHERE name = ?').get(name) ? 'vault' : null;
  }

  /** Whether the stored entry exists but cannot be read with the key the console has now. */
  isUnreadable(name: string): boolean {
    return !this.inMemory.has(name) && this.current.state === 'unreadable' && this.current.names.includes(name);
  }

  delete(name: string): void {
    this.inMemory.delete(name);
    this.deleteStored(name);
    if (this.current.state !== 'unreadable' || !this.current.names.includes(name)) return;
    // Removing an unreadable entry (a disconnect, a removed secret) is part of the fix as well.
    const names = this.current.names.filter((other) => other !== name);
    if (names.length > 0) this.setState({ ...this.current, names });
    else {
      if (this.storedNames().length === 0) this.keyCheck.forget();
      this.setState({ state: 'readable' });
    }
  }

  private async verify(): Promise<void> {
    const names = (this.db.prepare('SELECT name FROM vault_secrets ORDER BY name').all() as { name: string }[]).map((row) => row.name);
    const readCipher = this.db.prepare('SELECT cipher FROM vault_secrets WHERE name = ?');
    const cipher = (name: string) => {
      const row = readCipher.get(name) as { cipher: Uint8Array } | undefined;
      return row && Buffer.from(row.cipher);
    };
    const result = await this.keyCheck.verify({ names, cipher }, (name, plainText) => {
      if (!this.options.isContainer?.(name)) this.options.onSecretSeen?.(plainText);
    });
    this.setState(
      result.unreadable.length === 0 ? { state: 'readable' } : { state: 'unreadable', names: result.unreadable, verdict: result.verdict },
    );
  }

  private setState(next: VaultState): void {
    const before = JSON.stringify(this.current);
    this.current = next;
    if (JSON.stringify(next) !== before) this.options.onStateChange?.(next);
  }

  private unreadableError(state: Extract<VaultState, { state: 'unreadable' }>): SecretsUnreadableError {
    return new SecretsUnreadableError(
      this.options.describeUnreadable?.(state) ?? `The console's stored secrets cannot be read: ${state.verdict.reason}`,
    );
  }

  private storedNames(): string[] {
    return (this.db.prepare('SELECT name FROM vault_secrets').all() as { name: string }[]).map((row) => row.name);
  }

  private deleteStored(name: string): void {
    this.db.prepare('DELETE FROM vault_secrets WHERE name = ?').run(name);
  }
}
