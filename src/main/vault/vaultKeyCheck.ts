import type { DatabaseSync } from 'node:sqlite';
import { VaultKeyMissingError, type Encryptor } from './encryptor';

/** Why entries cannot be read, for the words the administrator sees. */
export type KeyVerdict = {
  kind: 'keyMissing' | 'otherKey' | 'damagedKeyFile' | 'damagedEntries';
  reason: string;
};

export type KeyCheckResult = {
  unreadable: string[];
  verdict: KeyVerdict;
};

const metaKey = 'vault.keyCheck';
const checkText = 'Outlook Integration Console: vault key check, version 1';

/**
 * The vault's record of the key that encrypted it: a known text encrypted with that key, kept in
 * `app_meta`. Decrypting it back is the one test that tells "right key" from "another key" for
 * every Encryptor (AES-GCM refuses a wrong key, but safeStorage's CBC may return garbage instead
 * of failing), and it needs no access to the key itself, which the OS keyring never gives out.
 */
export class VaultKeyCheck {
  constructor(
    private readonly db: DatabaseSync,
    private readonly encryptor: Encryptor,
  ) {}

  /**
   * `entries`: the names, each entry's cipher read only when it is checked; `onReadable` is told each
   * one that decrypts. Nothing is held for all of them at once: with 10,000 connected accounts the
   * token caches are tens of MB of text.
   */
  async verify(
    entries: { names: string[]; cipher: (name: string) => Buffer | undefined },
    onReadable: (name: string, plainText: string) => void,
  ): Promise<KeyCheckResult> {
    const recorded = this.recorded();
    let keyMatches: boolean | null = null;
    let keyError: unknown;
    if (recorded) {
      try {
        const { plainText, shouldReEncrypt } = await this.encryptor.decrypt(recorded);
        keyMatches = plainText === checkText;
        if (keyMatches && shouldReEncrypt) await this.record();
      } catch (error) {
        keyMatches = false;
        keyError = error;
      }
    }
    if (keyMatches === false) {
      // Nothing was encrypted with the old key but the check itself: nothing is lost by starting afresh.
      if (entries.names.length === 0) {
        this.forget();
        return { unreadable: [], verdict: this.verdictFor(keyError) };
      }
      return { unreadable: [...entries.names], verdict: this.verdictFor(keyError) };
    }
    // The right key, or a vault from before the check existed: each entry tells for itself.
    const unreadable: string[] = [];
    let entryError: unknown;
    for (const name of entries.names) {
      const cipher = entries.cipher(name);
      // Deleted while the others were checked: nothing to read.
      if (!cipher) continue;
      try {
        onReadable(name, (await this.encryptor.decrypt(cipher)).plainText);
      } catch (error) {
        unreadable.push(name);
        entryError = error;
      }
    }
    if (keyMatches === null && unreadable.length === 0 && entries.names.length > 0) await this.record();
    const verdict = keyMatches === true ? damagedEntries : this.verdictFor(entryError);
    return { unreadable, verdict };
  }

  /** Records the current key before the first secret is encrypted with it. */
  async recordIfMissing(): Promise<void> {
    if (!this.recorded()) await this.record();
  }

  /** The vault holds nothing the recorded key encrypted: the next key recorded may be a new one. */
  forget(): void {
    this.db.prepare('DELETE FROM app_meta WHERE key = ?').run(metaKey);
  }

  verdictFor(error: unknown): KeyVerdict {
    if (error instanceof VaultKeyMissingError) {
      return { kind: 'keyMissing', reason: `The key that encrypted them is missing: ${error.keyPath} is not there.` };
    }
    if (error instanceof Error && /damaged/.test(error.message)) return { kind: 'damagedKeyFile', reason: error.message };
    return {
      kind: 'otherKey',
      reason: this.encryptor.keyFile
        ? `They were encrypted with another key than the one in ${this.encryptor.keyFile} now: the key file was replaced or re-created.`
        : `They were encrypted with another key than the one the OS keyring (${this.encryptor.backend()}) gives the console now: the keyring was reset, or the data folder comes from another account or machine.`,
    };
  }

  private recorded(): Buffer | undefined {
    const row = this.db.prepare('SELECT value FROM app_meta WHERE key = ?').get(metaKey) as { value: string } | undefined;
    return row ? Buffer.from(row.value, 'base64') : undefined;
  }

  private async record(): Promise<void> {
    const cipher = await this.encryptor.encrypt(checkText);
    this.db
      .prepare('INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(metaKey, cipher.toString('base64'));
  }
}

const damagedEntries: KeyVerdict = {
  kind: 'damagedEntries',
  reason: 'The key is the right one, but these entries no longer decrypt: they were damaged.',
};
