/**
 * The composition root: the one place that creates every service from its ports and wires them
 * to the contract. The desktop entry (index.ts) and headless mode (headless.ts) both call it,
 * so both run the very same services.
 */
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { AppInfo, FileDelivery, StartupNotice } from '../shared/contract';
import { AccessService } from './access/accessService';
import { registerAccessHandlers } from './access/accessHandlers';
import { registerAppHandlers } from './app/appHandlers';
import { EventBus } from './bridge/eventBus';
import { coreChecks } from './diagnostics/coreChecks';
import { registerDiagnosticsHandlers } from './diagnostics/diagnosticsHandlers';
import { DiagnosticsService } from './diagnostics/diagnosticsService';
import { HandlerRegistry } from './bridge/handlerRegistry';
import { createLogBundle, type BundleContributor, type BundlePeriod } from './logs/logBundle';
import { registerLogHandlers } from './logs/logHandlers';
import { LogService } from './logs/logService';
import { registerSettingsHandlers } from './settings/settingsHandlers';
import type { OpenSettingsFile } from './settings/settingsFile';
import { SettingsService } from './settings/settingsService';
import { registerStatusHandlers, type StatusSources } from './status/statusService';
import { openWorkspaceDatabase } from './store/workspaceDatabase';
import type { Encryptor } from './vault/encryptor';

export type Clock = { now(): Date };

export type CorePorts = {
  mode: AppInfo['mode'];
  dataDir: string;
  appVersion: string;
  versions: AppInfo['versions'];
  clock: Clock;
  /** Who is at the console (the OS account name): recorded as the "who" of audit entries. */
  operator: string;
  encryptor: Encryptor;
  openBrowser: (url: string) => Promise<void>;
  fetch: typeof globalThis.fetch;
  openSettingsFile: (dataDir: string) => ReturnType<OpenSettingsFile>;
  /** Hands a file the console made to the administrator: a save dialog, or a download in a browser. */
  deliverFile: (fileName: string, bytes: Uint8Array) => Promise<FileDelivery>;
};

export type Core = {
  registry: HandlerRegistry;
  events: EventBus;
  notices: readonly StartupNotice[];
  settings: SettingsService;
  database: DatabaseSync;
  logs: LogService;
  access: AccessService;
  shutdown(): Promise<void>;
};

export function createCore(ports: CorePorts): Core {
  const notices: StartupNotice[] = [];
  const notify = (notice: StartupNotice) => notices.push(notice);
  const now = () => ports.clock.now();
  const events = new EventBus();

  const settings = new SettingsService({
    openFile: () => ports.openSettingsFile(ports.dataDir),
    expectedPath: join(ports.dataDir, 'settings.json'),
    now,
    notify,
    onChange: (next) => events.emit('settings.changed', next),
  });
  const logs = new LogService({
    directory: join(ports.dataDir, 'logs'),
    now,
    level: settings.get().logging.level,
    onEntry: (entry) => events.emit('log.entry', entry),
  });
  const coreLog = logs.logger('core');
  const registry = new HandlerRegistry((channel, error) => logs.logger('bridge').error(`The call ${channel} failed unexpectedly.`, { error }));
  const database = openWorkspaceDatabase({ path: join(ports.dataDir, 'workspace.db'), now, notify });

  const access = new AccessService({
    db: database,
    operator: ports.operator,
    now,
    onChange: () => events.emit('access.changed', { at: now().toISOString() }),
  });

  if (!ports.encryptor.isProtected()) {
    notify({
      level: 'warning',
      message: `Secrets are encrypted with a key that is not protected by an OS keyring (${ports.encryptor.backend()}). Anyone who can read this account's files can read them. Install and unlock a keyring (e.g. GNOME Keyring or KWallet) to protect them.`,
    });
  }

  const statusSources: StatusSources = {
    // The integration settings and the sync job arrive with their own services; until then
    // nothing is enabled and nothing has run, which is what the status bar must say.
    integrationEnabled: () => false,
    lastSync: () => null,
  };

  const identity = {
    name: 'Outlook Integration Console',
    version: ports.appVersion,
    mode: ports.mode,
    dataDir: ports.dataDir,
    versions: ports.versions,
    platform: process.platform,
  };
  const bundleContributors: BundleContributor[] = [];
  const exportBundle = async (period: BundlePeriod) => {
    const bundle = await createLogBundle({ period, logs, settings: settings.get(), app: identity, now: now(), contributors: bundleContributors });
    const delivery = await ports.deliverFile(bundle.fileName, bundle.bytes);
    coreLog.info(`Log bundle ${bundle.fileName} exported (${period.from} to ${period.to}).`, { bytes: bundle.bytes.length, delivery: delivery.kind });
    return { fileName: bundle.fileName, bytes: bundle.bytes.length, delivery };
  };

  const diagnostics = new DiagnosticsService(now, logs.logger('diagnostics'));
  for (const check of coreChecks({ dataDir: ports.dataDir, database, encryptor: ports.encryptor, settings, notices })) diagnostics.register(check);
  // The bundle carries a fresh Diagnostics report, so support sees the state at export time.
  bundleContributors.push(async () => [{ path: 'diagnostics.json', content: JSON.stringify(await diagnostics.run(), null, 2) }]);

  registerAppHandlers(registry, identity, notices);
  registerDiagnosticsHandlers(registry, diagnostics);
  registerSettingsHandlers(registry, settings);
  registerLogHandlers(registry, logs, settings, exportBundle);
  registerStatusHandlers(registry, statusSources);
  registerAccessHandlers(registry, access);

  coreLog.info(`Console started (${ports.mode}, version ${ports.appVersion}).`, { dataDir: ports.dataDir });
  for (const notice of notices) coreLog[notice.level === 'info' ? 'info' : notice.level](notice.message, notice.path ? { path: notice.path } : undefined);
  logs.prune(settings.get().logging.retentionDays);
  const dailyPrune = setInterval(() => logs.prune(settings.get().logging.retentionDays), 24 * 60 * 60 * 1000);
  dailyPrune.unref();

  let stopped = false;
  return {
    registry,
    events,
    notices,
    settings,
    database,
    logs,
    access,
    async shutdown() {
      if (stopped) return;
      stopped = true;
      clearInterval(dailyPrune);
      coreLog.info('Console stopped.');
      database.close();
    },
  };
}
