import { tokenCacheEntryName, userIdOfTokenCacheEntry } from '../auth/vaultTokenCache';
import type { FeatureModule } from '../contract/featureModule';
import type { PlatformServices } from '../contract/platformServices';
import { registerVaultHandlers, VaultRecovery } from './vaultRecovery';

/** What the vault's entries belong to: the integration's client secret and each user's sign-in. */
export type VaultEntryOwners = {
  clientSecretName: string;
  removeClientSecret: () => void;
  userName: (userId: number) => string | undefined;
  connectedUserIds: () => number[];
  disconnect: (userId: number) => void;
};

/** The *secrets unreadable* state in words and its fixes, for every entry of the vault. */
export function createVaultRecoveryFeature(
  platform: PlatformServices,
  owners: VaultEntryOwners,
): { module: FeatureModule; recovery: VaultRecovery } {
  const { vault, events, logs, vaultHooks } = platform;
  const recovery = new VaultRecovery({
    vault,
    encryptor: platform.host.encryptor,
    labelFor: (name) => {
      if (name === owners.clientSecretName) return 'Client secret';
      const userId = userIdOfTokenCacheEntry(name);
      return userId === null ? name : `Outlook sign-in of ${owners.userName(userId) ?? `user ${userId}`}`;
    },
    onCleared: (names) => {
      if (names.includes(owners.clientSecretName)) owners.removeClientSecret();
      for (const userId of owners.connectedUserIds()) if (names.includes(tokenCacheEntryName(userId))) owners.disconnect(userId);
    },
    log: logs.logger('vault'),
  });
  vaultHooks.describeUnreadable = (state) => recovery.describe(state);
  vaultHooks.onStateChange = (state) => {
    if (state.state === 'unreadable') logs.logger('core').error(recovery.describe(state));
    events.emit('vault.changed', recovery.health());
  };
  return {
    recovery,
    module: {
      registerHandlers: (registry) => registerVaultHandlers(registry, recovery),
      currentState: () => [{ event: 'vault.changed', payload: recovery.health() }],
    },
  };
}
