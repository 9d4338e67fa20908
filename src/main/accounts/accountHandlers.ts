import { ContractError } from '../../shared/contract';
import type { HandlerRegistry } from '../contract/handlerRegistry';
import type { AccountService } from './accountService';

/**
 * `signInHostProblem`: why Microsoft's sign-in host cannot be reached, if it cannot — asked before
 * Connect opens a browser that could only wait out the sign-in's five minutes.
 */
export function registerAccountHandlers(
  registry: HandlerRegistry,
  accounts: AccountService,
  signInHostProblem: () => Promise<string | undefined> = async () => undefined,
): void {
  registry.handle('accounts.list', () => accounts.list());
  registry.handle('accounts.connect', async ({ userId }) => {
    const unreachable = await signInHostProblem();
    if (unreachable) throw new ContractError('CONFLICT', unreachable);
    return accounts.connect(userId);
  });
  registry.handle('accounts.cancelConnect', ({ attemptId }) => accounts.cancel(attemptId));
  registry.handle('accounts.refresh', ({ userId }) => accounts.refresh(userId));
  registry.handle('accounts.disconnect', ({ userId }) => accounts.disconnect(userId));
}
