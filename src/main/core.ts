/**
 * The composition root: the one place that creates every service from its ports and wires them
 * to the contract. The desktop entry (index.ts) and headless mode (headless.ts) both call it,
 * so both run the very same services.
 */
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { AppInfo, StartupNotice } from '../shared/contract';
import { registerAppHandlers } from './app/appHandlers';
import { EventBus } from './bridge/eventBus';
import { HandlerRegistry } from './bridge/handlerRegistry';
import { registerSettingsHandlers } from './settings/settingsHandlers';
import type { OpenSettingsFile } from './settings/settingsFile';
import { SettingsService } from './settings/settingsService';
import { AdminConsentFlow } from './integration/adminConsent';
import { registerIntegrationHandlers } from './integration/integrationHandlers';
import { IntegrationService } from './integration/integrationService';
import { SecretExpiryMonitor } from './integration/secretExpiryMonitor';
import { readStatus, registerStatusHandlers, type StatusSources } from './status/statusService';
import { CredentialVault } from './vault/credentialVault';
import { describeVaultProtection } from './vault/vaultProtection';
import { openWorkspaceDatabase } from './store/workspaceDatabase';
import type { Encryptor } from './vault/encryptor';

export type Clock = { now(): Date };

/** Hourly is enough for reminders counted in days; it also catches a machine that slept. */
const expiryCheckIntervalMs = 60 * 60 * 1000;

export type CorePorts = {
  mode: AppInfo['mode'];
  dataDir: string;
  appVersion: string;
  versions: AppInfo['versions'];
  clock: Clock;
  encryptor: Encryptor;
  openBrowser: (url: string) => Promise<void>;
  /** False in headless mode, where opening a browser is a no-op: pages show the URL to copy instead. */
  canOpenBrowser: boolean;
  /** A desktop notification (Electron's Notification; headless mode writes it to its output). */
  notifyDesktop: (title: string, body: string) => void;
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
  vault: CredentialVault;
  integration: IntegrationService;
  /** Issue 5's loopback redirect calls `adminConsent.record(...)` with what Entra sent back. */
  adminConsent: AdminConsentFlow;
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
    onChange: (next) => {
      events.emit('settings.changed', next);
      // Import, save, secret removal and recorded facts all land in the settings: one place to announce them.
      events.emit('integration.changed', integration.view());
      expiryMonitor.check();
      events.emit('status.changed', readStatus(statusSources));
    },
  });
  const database = openWorkspaceDatabase({ path: join(ports.dataDir, 'workspace.db'), now, notify });
  const vault = new CredentialVault(database, ports.encryptor, now);
  const integration = new IntegrationService({ settings, vault, encryptor: ports.encryptor, now, canOpenBrowser: ports.canOpenBrowser });
  const adminConsent = new AdminConsentFlow({ integration, openBrowser: ports.openBrowser, canOpenBrowser: ports.canOpenBrowser, now });

  const protection = describeVaultProtection(ports.encryptor);
  if (protection.protection !== 'osKeyring') {
    // Headless mode's key file is the documented design (info); Electron's basic_text is a real gap (warning).
    notify({ level: protection.protection === 'keyFile' ? 'info' : 'warning', message: protection.explanation });
  }

  const statusSources: StatusSources = {
    integrationEnabled: () => integration.isEnabled(),
    // The sync job arrives with its own service; until then nothing has run.
    lastSync: () => null,
    secretExpiry: () => integration.secretExpiry(),
  };
  const expiryMonitor = new SecretExpiryMonitor({
    currentExpiry: () => integration.secretExpiry(),
    remindersSent: () => integration.settings().secret.remindersSent,
    markReminderSent: (threshold) => {
      const { secret } = integration.settings();
      integration.recordFacts({ secret: { ...secret, remindersSent: [...secret.remindersSent, threshold] } });
    },
    notifyDesktop: ports.notifyDesktop,
    onStateChange: () => events.emit('status.changed', readStatus(statusSources)),
  });
  expiryMonitor.start(expiryCheckIntervalMs);

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
  registerIntegrationHandlers(registry, integration, adminConsent, now);

  let stopped = false;
  return {
    registry,
    events,
    notices,
    settings,
    database,
    vault,
    integration,
    adminConsent,
    async shutdown() {
      if (stopped) return;
      stopped = true;
      expiryMonitor.stop();
      database.close();
    },
  };
}
