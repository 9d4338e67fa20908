import type { HandlerRegistry } from '../contract/handlerRegistry';
import type { EmailFeature } from './emailFeature';

export function registerEmailHandlers(registry: HandlerRegistry, email: Pick<EmailFeature, 'accounts' | 'messages'>): void {
  registry.handle('email.accounts', ({ userId }) => email.accounts.view(userId));
  registry.handle('email.saveAccount', ({ id, fields }) => email.accounts.save(id, fields));
  registry.handle('email.deleteAccount', ({ accountId }) => ({ deleted: email.accounts.delete(accountId) }));
  registry.handle('email.folders', async ({ accountId }) => ({ folders: await email.accounts.folders(accountId) }));
  registry.handle('email.testConnection', ({ accountId }) => email.accounts.testConnection(accountId));
  registry.handle('email.sendTest', ({ accountId }) => email.accounts.sendTest(accountId));
  registry.handle('email.checkNow', async ({ accountId }) => ({ run: await email.messages.checkNow(accountId) }));
  registry.handle('email.list', (query) => email.messages.list(query));
  registry.handle('email.get', ({ id, showRemoteImages }) => email.messages.get(id, showRemoteImages));
  registry.handle('email.send', (message) => email.messages.send(message));
}
