import type { ChannelOutput } from '../../../shared/contract';
import type { ContractClient } from '../client/contractClient';
import { queryKeys } from './queryKeys';

type ConsoleQuery<T> = { queryKey: readonly unknown[]; read: (client: ContractClient) => Promise<T> };

/** The console-wide state the shell and every page read: loaded on connecting, kept current by its events. */
export const consoleQueries = {
  appInfo: { queryKey: queryKeys.appInfo, read: (client) => client.call('app.info') } as ConsoleQuery<ChannelOutput<'app.info'>>,
  settings: { queryKey: queryKeys.settings, read: (client) => client.call('settings.get') } as ConsoleQuery<ChannelOutput<'settings.get'>>,
  status: { queryKey: queryKeys.status, read: (client) => client.call('status.get') } as ConsoleQuery<ChannelOutput<'status.get'>>,
  integration: { queryKey: queryKeys.integration, read: (client) => client.call('integration.get') } as ConsoleQuery<
    ChannelOutput<'integration.get'>
  >,
  vault: { queryKey: queryKeys.vault, read: (client) => client.call('vault.health') } as ConsoleQuery<ChannelOutput<'vault.health'>>,
};
