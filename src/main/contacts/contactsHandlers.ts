import type { HandlerRegistry } from '../contract/handlerRegistry';
import type { ContactPushService } from './contactPushService';
import type { ContactsService } from './contactsService';

export function registerContactsHandlers(registry: HandlerRegistry, contacts: ContactsService, push: ContactPushService): void {
  registry.handle('contacts.list', ({ kind, search, offset, limit }) => contacts.list(kind, search, offset, limit));
  registry.handle('contacts.get', ({ id }) => contacts.get(id));
  registry.handle('contacts.save', ({ id, fields }) => contacts.save(id, fields));
  registry.handle('contacts.delete', ({ ids }) => ({ deleted: contacts.delete(ids) }));
  registry.handle('contacts.accounts', ({ search }) => contacts.accounts(search));
  registry.handle('contacts.previewImport', ({ kind, format, text }) => contacts.previewImport(kind, format, text));
  registry.handle('contacts.confirmImport', ({ kind, rows }) => contacts.confirmImport(kind, rows));
  registry.handle('contacts.exportVcard', ({ selection }) => contacts.exportVcard(selection));
  registry.handle('contacts.settings', ({ userId }) => contacts.settings(userId));
  registry.handle('contacts.saveSettings', ({ userId, ...settings }) => contacts.saveSettings(userId, settings));
  registry.handle('contacts.folders', ({ userId }) => contacts.folders(userId));
  registry.handle('contacts.push', ({ selection, userIds }) => push.start(selection, userIds));
  registry.handle('contacts.resumePush', ({ pushId }) => push.resume(pushId));
  registry.handle('contacts.cancelPush', ({ pushId }) => push.cancel(pushId));
  registry.handle('contacts.pushes', () => push.list());
}
