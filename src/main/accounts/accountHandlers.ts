import type { HandlerRegistry } from '../contract/handlerRegistry';
import type { AccountService } from './accountService';

export function registerAccountHandlers(registry: HandlerRegistry, accounts: AccountService): void {
  registry.handle('accounts.list', () => accounts.list());
  registry.handle('accounts.connect', ({ userId }) => accounts.connect(userId));
  registry.handle('accounts.cancelConnect', ({ attemptId }) => accounts.cancel(attemptId));
  registry.handle('accounts.refresh', ({ userId }) => accounts.refresh(userId));
  registry.handle('accounts.disconnect', ({ userId }) => accounts.disconnect(userId));
}
