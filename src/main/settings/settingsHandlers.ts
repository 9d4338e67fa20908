import type { HandlerRegistry } from '../contract/handlerRegistry';
import type { SettingsService } from './settingsService';

export function registerSettingsHandlers(registry: HandlerRegistry, settings: SettingsService): void {
  registry.handle('settings.get', () => settings.get());
  registry.handle('settings.update', (patch) => settings.update(patch));
}
