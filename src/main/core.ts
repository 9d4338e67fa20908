/**
 * The composition root: the one place that creates every service from its ports and wires them
 * to the contract. The desktop entry (index.ts) and headless mode (headless.ts) both call it,
 * so both run the very same services.
 */
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { AppInfo, FileDelivery, FinishedRunStatus, LogEntry, StartupNotice } from '../shared/contract';
import { AccessService } from './access/accessService';
import { registerAccessHandlers } from './access/accessHandlers';
import { registerAppHandlers } from './app/appHandlers';
import { registerContactsHandlers } from './contacts/contactsHandlers';
import { createContactsFeature } from './contacts/contactsFeature';
import type { GraphAccessProvider } from './graph/graphAccess';
import { combineSyncSources } from './jobs/combinedSyncSource';
import { EventBus } from './bridge/eventBus';
import { coreChecks } from './diagnostics/coreChecks';
import { registerDiagnosticsHandlers } from './diagnostics/diagnosticsHandlers';
import { DiagnosticsService } from './diagnostics/diagnosticsService';
import { HandlerRegistry } from './bridge/handlerRegistry';
import { createLogBundle, type BundleContributor, type BundlePeriod } from './logs/logBundle';
import { calendarSyncJobId, createCalendarSyncJob, nothingConfiguredSource } from './jobs/calendarSyncJob';
import { registerJobHandlers } from './jobs/jobHandlers';
import { JobHistory } from './jobs/jobHistory';
import { JobScheduler } from './jobs/jobScheduler';
import { registerLogHandlers } from './logs/logHandlers';
import { LogService } from './logs/logService';
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
  /** Who is at the console (the OS account name): recorded as the "who" of audit entries. */
  operator: string;
  encryptor: Encryptor;
  openBrowser: (url: string) => Promise<void>;
  /** False in headless mode, where opening a browser is a no-op: pages show the URL to copy instead. */
  canOpenBrowser: boolean;
  /** A desktop notification (Electron's Notification; headless mode writes it to its output). */
  notifyDesktop: (title: string, body: string) => void;
  fetch: typeof globalThis.fetch;
  openSettingsFile: (dataDir: string) => ReturnType<OpenSettingsFile>;
  /** Hands a file the console made to the administrator: a save dialog, or a download in a browser. */
  deliverFile: (fileName: string, bytes: Uint8Array) => Promise<FileDelivery>;
  /** The administrator's IANA time zone, which schedules are read in; default: this process's. */
  timeZone?: string;
  /**
   * Graph access per user, from the connected accounts. Absent until accounts are wired in: a
   * contacts push then says the user has no connected Outlook account.
   */
  graphAccess?: GraphAccessProvider;
};

export type Core = {
  registry: HandlerRegistry;
  events: EventBus;
  notices: readonly StartupNotice[];
  settings: SettingsService;
  database: DatabaseSync;
  logs: LogService;
  access: AccessService;
  vault: CredentialVault;
  integration: IntegrationService;
  /** Issue 5's loopback redirect calls `adminConsent.record(...)` with what Entra sent back. */
  adminConsent: AdminConsentFlow;
  jobs: JobScheduler;
  shutdown(): Promise<void>;
};

export function createCore(ports: CorePorts): Core {
  const notices: StartupNotice[] = [];
  const notify = (notice: StartupNotice) => notices.push(notice);
  const now = () => ports.clock.now();
  const events = new EventBus();
  // Services that keep log entries themselves (the job history keeps each run's lines) listen here.
  const logListeners: ((entry: LogEntry) => void)[] = [];

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
  const logs = new LogService({
    directory: join(ports.dataDir, 'logs'),
    now,
    level: settings.get().logging.level,
    onEntry: (entry) => {
      events.emit('log.entry', entry);
      for (const listener of logListeners) listener(entry);
    },
  });
  const coreLog = logs.logger('core');
  const registry = new HandlerRegistry((channel, error) => logs.logger('bridge').error(`The call ${channel} failed unexpectedly.`, { error }));
  const database = openWorkspaceDatabase({ path: join(ports.dataDir, 'workspace.db'), now, notify });
  const vault = new CredentialVault(database, ports.encryptor, now, (value) => logs.redactor.registerSecret(value));
  vault.announceAll().catch((error: unknown) => coreLog.error('The credential vault could not be read. Secrets may need to be entered again.', { error }));
  const integration = new IntegrationService({ settings, vault, encryptor: ports.encryptor, now, canOpenBrowser: ports.canOpenBrowser });
  const adminConsent = new AdminConsentFlow({ integration, openBrowser: ports.openBrowser, canOpenBrowser: ports.canOpenBrowser, now });

  const access = new AccessService({
    db: database,
    operator: ports.operator,
    now,
    onChange: () => events.emit('access.changed', { at: now().toISOString() }),
  });

  const protection = describeVaultProtection(ports.encryptor);
  if (protection.protection !== 'osKeyring') {
    // Headless mode's key file is the documented design (info); Electron's basic_text is a real gap (warning).
    notify({ level: protection.protection === 'keyFile' ? 'info' : 'warning', message: protection.explanation });
  }

  const jobHistory = new JobHistory(database);
  const statusSources: StatusSources = {
    integrationEnabled: () => integration.isEnabled(),
    lastSync: () => {
      const last = jobHistory.latest(calendarSyncJobId, ['success', 'partial', 'failed', 'interrupted']);
      return last?.finishedAt ? { finishedAt: last.finishedAt, status: last.status as FinishedRunStatus, summary: last.summary } : null;
    },
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
  const contacts = createContactsFeature({
    db: database,
    access,
    graphAccess: ports.graphAccess,
    now,
    log: logs.logger('contacts'),
    deliverFile: ports.deliverFile,
    onChange: () => events.emit('contacts.changed', { at: now().toISOString() }),
    onPushProgress: (progress) => events.emit('contacts.pushProgress', progress),
  });
  const jobs = new JobScheduler({
    history: jobHistory,
    // Calendar sync plugs in here when it lands; until then its part of every run says nothing is configured.
    jobs: [createCalendarSyncJob(combineSyncSources(nothingConfiguredSource, contacts.syncSource))],
    now,
    timeZone: ports.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    logger: (source, runId) => logs.logger(source, runId),
    retention: () => settings.get().jobHistory,
    onJobChanged: (job) => events.emit('jobs.changed', job),
    onRunChanged: (run) => {
      events.emit('jobs.runChanged', run);
      if (run.jobId === calendarSyncJobId && run.status !== 'running' && run.status !== 'skipped') events.emit('status.changed', readStatus(statusSources));
    },
  });
  logListeners.push((entry) => jobs.captureLog(entry));

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
  registerIntegrationHandlers(registry, integration, adminConsent, now);
  registerJobHandlers(registry, { scheduler: jobs, history: jobHistory, settings, now });
  registerContactsHandlers(registry, contacts.service, contacts.push);

  coreLog.info(`Console started (${ports.mode}, version ${ports.appVersion}).`, { dataDir: ports.dataDir });
  for (const notice of notices) coreLog[notice.level === 'info' ? 'info' : notice.level](notice.message, notice.path ? { path: notice.path } : undefined);
  logs.prune(settings.get().logging.retentionDays);
  const dailyPrune = setInterval(() => logs.prune(settings.get().logging.retentionDays), 24 * 60 * 60 * 1000);
  dailyPrune.unref();
  jobs.start();

  let stopped = false;
  return {
    registry,
    events,
    notices,
    settings,
    database,
    logs,
    access,
    vault,
    integration,
    adminConsent,
    jobs,
    async shutdown() {
      if (stopped) return;
      stopped = true;
      expiryMonitor.stop();
      clearInterval(dailyPrune);
      await jobs.shutdown();
      await contacts.push.shutdown();
      coreLog.info('Console stopped.');
      database.close();
    },
  };
}
