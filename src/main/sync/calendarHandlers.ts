import type { HandlerRegistry } from '../contract/handlerRegistry';
import type { CalendarService } from './calendarService';

export function registerCalendarHandlers(registry: HandlerRegistry, calendar: CalendarService): void {
  registry.handle('calendar.listEvents', (filter) => calendar.list(filter));
  registry.handle('calendar.getEvent', ({ id }) => calendar.get(id));
  registry.handle('calendar.saveEvent', (input) => calendar.save(input));
  registry.handle('calendar.deleteEvent', ({ id }) => calendar.delete(id));
  registry.handle('calendar.getSettings', ({ userId }) => calendar.settings(userId));
  registry.handle('calendar.saveSettings', (settings) => calendar.saveSettings(settings));
  registry.handle('calendar.listCalendars', async ({ userId }) => ({ calendars: await calendar.calendars(userId) }));
  registry.handle('calendar.syncNow', ({ userId }) => calendar.syncNow(userId));
  registry.handle('calendar.exportIcs', (input) => calendar.exportIcs(input));
  registry.handle('calendar.previewIcsImport', ({ text }) => calendar.previewIcsImport(text));
  registry.handle('calendar.importIcs', ({ text, assignedUserId }) => calendar.importIcs(text, assignedUserId));
  registry.handle('calendar.resetSync', ({ userId, existingEvents }) => calendar.reset(userId, existingEvents));
}
