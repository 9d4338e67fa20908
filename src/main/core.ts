/**
 * The composition root: the one place that creates every service from its ports and wires them
 * to the contract. The desktop entry (index.ts) and headless mode (headless.ts) both call it,
 * so both run the very same services.
 */
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { AppInfo, FinishedRunStatus, LogEntry, StartupNotice } from '../shared/contract';
import { registerAppHandlers } from './app/appHandlers';
import { EventBus } from './bridge/eventBus';
import { HandlerRegistry } from './bridge/handlerRegistry';
import { calendarSyncJobId, createCalendarSyncJob, nothingConfiguredSource } from './jobs/calendarSyncJob';
import { registerJobHandlers } from './jobs/jobHandlers';
import { JobHistory } from './jobs/jobHistory';
import { JobScheduler } from './jobs/jobScheduler';
import { registerLogHandlers } from './logs/logHandlers';
import { LogService } from './logs/logService';
import { registerSettingsHandlers } from './settings/settingsHandlers';
import type { OpenSettingsFile } from './settings/settingsFile';
import { SettingsService } from './settings/settingsService';
import { readStatus, registerStatusHandlers, type StatusSources } from './status/statusService';
import { openWorkspaceDatabase } from './store/workspaceDatabase';
import type { Encryptor } from './vault/encryptor';

export type Clock = { now(): Date };

export type CorePorts = {
  mode: AppInfo['mode'];
  dataDir: string;
  appVersion: string;
  versions: AppInfo['versions'];
  clock: Clock;
  encryptor: Encryptor;
  openBrowser: (url: string) => Promise<void>;
  fetch: typeof globalThis.fetch;
  openSettingsFile: (dataDir: string) => ReturnType<OpenSettingsFile>;
  /** The administrator's IANA time zone, which schedules are read in; default: this process's. */
  timeZone?: string;
};

export type Core = {
  registry: HandlerRegistry;
  events: EventBus;
  notices: readonly StartupNotice[];
  settings: SettingsService;
  database: DatabaseSync;
  logs: LogService;
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
    onChange: (next) => events.emit('settings.changed', next),
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

  if (!ports.encryptor.isProtected()) {
    notify({
      level: 'warning',
      message: `Secrets are encrypted with a key that is not protected by an OS keyring (${ports.encryptor.backend()}). Anyone who can read this account's files can read them. Install and unlock a keyring (e.g. GNOME Keyring or KWallet) to protect them.`,
    });
  }

  const jobHistory = new JobHistory(database);
  const statusSources: StatusSources = {
    // The integration settings arrive with their own service; until then nothing is enabled.
    integrationEnabled: () => false,
    lastSync: () => {
      const last = jobHistory.latest(calendarSyncJobId, ['success', 'partial', 'failed', 'interrupted']);
      return last?.finishedAt ? { finishedAt: last.finishedAt, status: last.status as FinishedRunStatus, summary: last.summary } : null;
    },
  };
  const jobs = new JobScheduler({
    history: jobHistory,
    // Calendar sync and contacts push plug in here when they land; until then every run says nothing is configured.
    jobs: [createCalendarSyncJob(nothingConfiguredSource)],
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
  registerLogHandlers(registry, logs, settings);
  registerStatusHandlers(registry, statusSources);
  registerJobHandlers(registry, { scheduler: jobs, history: jobHistory, settings, now });

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
    jobs,
    async shutdown() {
      if (stopped) return;
      stopped = true;
      clearInterval(dailyPrune);
      await jobs.shutdown();
      coreLog.info('Console stopped.');
      database.close();
    },
  };
}
