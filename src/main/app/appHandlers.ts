import { hostname } from 'node:os';
import type { AppInfo, StartupNotice } from '../../shared/contract';
import type { HandlerRegistry } from '../contract/handlerRegistry';

export type AppIdentity = Omit<AppInfo, 'notices' | 'hostName' | 'timeZone' | 'startedAt'>;

export function registerAppHandlers(
  registry: HandlerRegistry,
  identity: AppIdentity,
  notices: readonly StartupNotice[],
  machineTimeZone: string,
): void {
  // Not in the identity: log bundles carry that, and support has no use for the machine's name.
  const startedAt = new Date().toISOString();
  registry.handle('app.info', () => ({ ...identity, notices: [...notices], hostName: hostname(), timeZone: machineTimeZone, startedAt }));
}
