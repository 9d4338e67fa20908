import type { AppInfo, StartupNotice } from '../../shared/contract';
import type { HandlerRegistry } from '../bridge/handlerRegistry';

export type AppIdentity = Omit<AppInfo, 'notices'>;

export function registerAppHandlers(registry: HandlerRegistry, identity: AppIdentity, notices: readonly StartupNotice[]): void {
  registry.handle('app.info', () => ({ ...identity, notices: [...notices] }));
}
