import type { ConsoleStatus } from '../../shared/contract';
import type { HandlerRegistry } from '../contract/handlerRegistry';

export type StatusSources = {
  integrationEnabled: () => boolean;
  lastSync: () => ConsoleStatus['lastSync'];
  secretExpiry: () => ConsoleStatus['secretExpiry'];
  accountsNeedingReconnect: () => ConsoleStatus['accountsNeedingReconnect'];
};

/** What the status bar shows, gathered from the services that own each fact. */
export function readStatus(sources: StatusSources): ConsoleStatus {
  return {
    integrationEnabled: sources.integrationEnabled(),
    lastSync: sources.lastSync(),
    secretExpiry: sources.secretExpiry(),
    accountsNeedingReconnect: sources.accountsNeedingReconnect(),
  };
}

export function registerStatusHandlers(registry: HandlerRegistry, sources: StatusSources): void {
  registry.handle('status.get', () => readStatus(sources));
}
