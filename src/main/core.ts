/**
 * The composition root: the one place that creates every service from its ports and wires them
 * to the contract. The desktop entry (index.ts) and headless mode (headless.ts) both call it,
 * so both run the very same services.
 */
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { AppInfo, StartupNotice } from '../shared/contract';
import { AccessService } from './access/accessService';
import { registerAccessHandlers } from './access/accessHandlers';
import { registerAppHandlers } from './app/appHandlers';
import { EventBus } from './bridge/eventBus';
import { HandlerRegistry } from './bridge/handlerRegistry';
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
  /** Where unexpected failures go until the logging service lands. */
  reportError: (source: string, error: unknown) => void;
};

export type Core = {
  registry: HandlerRegistry;
  events: EventBus;
  notices: readonly StartupNotice[];
  settings: SettingsService;
  database: DatabaseSync;
  access: AccessService;
  shutdown(): Promise<void>;
};

export function createCore(ports: CorePorts): Core {
  const notices: StartupNotice[] = [];
  const notify = (notice: StartupNotice) => notices.push(notice);
  const now = () => ports.clock.now();
  const events = new EventBus();
  const registry = new HandlerRegistry((channel, error) => ports.reportError(channel, error));

  const settings = new SettingsService({
    openFile: () => ports.openSettingsFile(ports.dataDir),
    expectedPath: join(ports.dataDir, 'settings.json'),
    now,
    notify,
    onChange: (next) => events.emit('settings.changed', next),
  });
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

  registerAppHandlers(
    registry,
    {
      name: 'Outlook Integration Console',
      version: ports.appVersion,
      mode: ports.mode,
      dataDir: ports.dataDir,
      versions: ports.versions,
      platform: process.platform,
    },
    notices,
  );
  registerSettingsHandlers(registry, settings);
  registerStatusHandlers(registry, statusSources);
  registerAccessHandlers(registry, access);

  let stopped = false;
  return {
    registry,
    events,
    notices,
    settings,
    database,
    access,
    async shutdown() {
      if (stopped) return;
      stopped = true;
      database.close();
    },
  };
}
