import type { ChannelOutput, LoggingSettings } from '../../shared/contract';
import type { HandlerRegistry } from '../contract/handlerRegistry';
import type { SettingsService } from '../settings/settingsService';
import type { BundlePeriod } from './logBundle';
import type { LogService } from './logService';

export type ExportBundle = (period: BundlePeriod) => Promise<ChannelOutput<'log.exportBundle'>>;

export function registerLogHandlers(
  registry: HandlerRegistry,
  logs: LogService,
  settings: SettingsService,
  exportBundle: ExportBundle,
): void {
  const status = () => ({ ...settings.get().logging, level: logs.level, directory: logs.files.directory });
  const rendererLog = logs.logger('renderer');

  registry.handle('log.recent', (input) => ({ entries: logs.recent(input?.limit) }));
  registry.handle('log.status', status);
  registry.handle('log.days', () => ({ days: logs.files.days() }));
  registry.handle('log.readDay', async ({ day }) => ({ entries: await logs.readDay(day) }));
  registry.handle('log.configure', (patch: Partial<LoggingSettings>) => {
    const next = settings.update({ logging: patch }).logging;
    if (patch.level && patch.level !== logs.level) {
      // Logged before the switch so the change is visible whichever way it goes.
      logs.logger('logs').notice(`Log level changed from ${logs.level.toUpperCase()} to ${patch.level.toUpperCase()}.`);
      logs.setLevel(next.level);
    }
    if (patch.retentionDays) logs.prune(next.retentionDays);
    return status();
  });
  registry.handle('log.exportBundle', (period) => exportBundle(period));
  registry.handle('log.report', ({ level, message, stack }) => {
    rendererLog[level](message, stack ? { stack } : undefined);
    return { recorded: true };
  });
}
