import type { VaultHealth } from '../../shared/contract';
import type { HandlerRegistry } from '../contract/handlerRegistry';
import type { Logger } from '../logs/logService';
import type { CredentialVault, VaultState } from './credentialVault';
import type { Encryptor } from './encryptor';

export type VaultRecoveryOptions = {
  vault: CredentialVault;
  encryptor: Encryptor;
  /** "Client secret", "Outlook sign-in of Ann Lee": what an entry is, for the administrator. */
  labelFor: (name: string) => string;
  /** The features whose secrets were cleared forget them (the secret's facts, the accounts' connections). */
  onCleared: (names: string[]) => void;
  log: Logger;
};

type Unreadable = Extract<VaultState, { state: 'unreadable' }>;

/**
 * The *secrets unreadable* state in words, and its two ways out: restore the key (then check
 * again), or clear the entries no key here opens and enter the secrets again.
 */
export class VaultRecovery {
  constructor(private readonly options: VaultRecoveryOptions) {}

  health(): VaultHealth {
    const state = this.options.vault.state();
    const keyFile = this.options.encryptor.keyFile ?? null;
    if (state.state === 'readable') return { state: 'readable', unreadable: [], reason: null, fix: null, keyFile };
    return {
      state: 'unreadable',
      unreadable: state.names.map((name) => ({ name, label: this.options.labelFor(name) })),
      reason: state.verdict.reason,
      fix: this.fix(state),
      keyFile,
    };
  }

  /** The message a refused read or write carries, wherever it surfaces (a sync run, a Save, a check). */
  describe(state: Unreadable): string {
    const what = state.names.map((name) => this.options.labelFor(name)).join(', ');
    return `The console's stored secrets cannot be read (${what}). ${state.verdict.reason} Fix: ${this.fix(state)}`;
  }

  async recheck(): Promise<VaultHealth> {
    const state = await this.options.vault.recheck();
    this.options.log.info(
      state.state === 'readable'
        ? 'The vault was checked again: every stored secret can be read.'
        : `The vault was checked again: ${state.names.length} stored secrets still cannot be read.`,
    );
    return this.health();
  }

  async clearUnreadable(): Promise<VaultHealth> {
    const labels = this.health().unreadable.map((entry) => entry.label);
    const cleared = await this.options.vault.clearUnreadable();
    if (cleared.length > 0) {
      this.options.log.warning(
        `Unreadable secrets cleared at the administrator's request: ${labels.join(', ')}. Enter the client secret again and reconnect these accounts.`,
      );
      this.options.onCleared(cleared);
    }
    return this.health();
  }

  private fix(state: Unreadable): string {
    const enterAgain =
      'Clear unreadable secrets, then enter the client secret again on the Integration page and reconnect the accounts on the Accounts page.';
    if (state.verdict.kind === 'damagedEntries') return `${enterAgain} (The key is right; the entries themselves are damaged.)`;
    const keyFile = this.options.encryptor.keyFile;
    if (keyFile)
      return `Put back the secrets.key that encrypted them (${keyFile}, from a backup of the data folder) and press Check again. If that key is lost: ${enterAgain}`;
    return `Unlock or restore the OS keyring this account used when the secrets were saved, then press Check again. If it is lost: ${enterAgain}`;
  }
}

export function registerVaultHandlers(registry: HandlerRegistry, recovery: VaultRecovery): void {
  registry.handle('vault.health', () => recovery.health());
  registry.handle('vault.recheck', () => recovery.recheck());
  registry.handle('vault.clearUnreadable', () => recovery.clearUnreadable());
}
