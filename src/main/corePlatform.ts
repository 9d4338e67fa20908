/**
 * The platform services every feature builds on, created from the core's ports (core.ts's first
 * step). Only building happens here: the vault is checked, and the jobs scheduled, by core.start().
 */
import { join } from 'node:path';
import type { LogEntry, StartupNotice } from '../shared/contract';
import { defaultMailboxPool } from '../shared/contract';
import { processMemoryRelease } from './jobs/memoryRelease';
import { permissionsNotice, tightenDataFolder } from './app/dataFolderPermissions';
import { EventBus } from './contract/eventBus';
import { HandlerRegistry } from './contract/handlerRegistry';
import type { PlatformServices } from './contract/platformServices';
import type { CorePorts } from './core';
import { MailboxGates } from './graph/mailboxGate';
import { defaultRetryPolicy, type RetryPolicy } from './graph/retryPolicy';
import { userIdOfTokenCacheEntry } from './auth/vaultTokenCache';
import { JobHistory } from './jobs/jobHistory';
import { JobScheduler } from './jobs/jobScheduler';
import { createRunFailureNotifier } from './jobs/runFailureNotifier';
import { LogService } from './logs/logService';
import { SettingsService } from './settings/settingsService';
import { openWorkspaceDatabase } from './store/workspaceDatabase';
import { CredentialVault } from './vault/credentialVault';
import { describeVaultProtection } from './vault/vaultProtection';

export function createPlatform(ports: CorePorts): PlatformServices {
  const notices: StartupNotice[] = [];
  const notify = (notice: StartupNotice) => notices.push(notice);
  // Before anything opens a file in it: the folder and everything in it private to this account.
  const loosePermissions = permissionsNotice(ports.dataDir, tightenDataFolder(ports.dataDir));
  if (loosePermissions) notify(loosePermissions);
  const now = () => ports.clock.now();
  const events = new EventBus();
  const settingsFile = join(ports.dataDir, 'settings.json');
  // The pool size is read on every Graph request: kept here rather than copying the settings each time.
  let mailboxPool = defaultMailboxPool;
  // The default of the time-zone setting: this process's zone (tests and the TZ variable set it).
  const machineTimeZone = ports.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  // Settings change during start-up (recorded facts), before the scheduler exists: it reads the zone when made.
  const scheduleZone: { follow?: (zone: string) => void } = {};
  const onChange = (next: ReturnType<SettingsService['get']>) => {
    mailboxPool = next.syncLimits.mailboxPool;
    events.emit('settings.changed', next);
    scheduleZone.follow?.(next.timeZone.zone ?? machineTimeZone);
  };
  const settings = new SettingsService({
    openFile: () => ports.openSettingsFile(ports.dataDir),
    expectedPath: settingsFile,
    now,
    notify,
    onChange,
  });
  mailboxPool = settings.get().syncLimits.mailboxPool;
  const graphPolicy: RetryPolicy = {
    ...defaultRetryPolicy,
    get maxWaitMs() {
      return settings.get().syncLimits.maxWaitMinutes * 60_000;
    },
  };
  // The job history keeps each run's log lines: the scheduler hears every entry.
  const logListeners: ((entry: LogEntry) => void)[] = [];
  const logs = new LogService({
    directory: join(ports.dataDir, 'logs'),
    now,
    level: settings.get().logging.level,
    onEntry: (entry) => {
      for (const listener of logListeners) listener(entry);
    },
    onEntries: (entries) => events.emit('log.entries', { entries }),
    mirror: ports.mirrorLog,
  });
  const registry = new HandlerRegistry((channel, error) =>
    logs.logger('bridge').error(`The call ${channel} failed unexpectedly.`, { error }),
  );
  // The migrations run as the database opens: every service below reads its tables.
  const database = openWorkspaceDatabase({ path: join(ports.dataDir, 'workspace.db'), now, notify });
  const vaultHooks: PlatformServices['vaultHooks'] = {};
  const vault = new CredentialVault(database, ports.encryptor, now, {
    onSecretSeen: (value) => logs.redactor.registerSecret(value),
    // Its tokens are announced one by one (and forgotten when replaced) by the token cache as it reads it.
    isContainer: (name) => userIdOfTokenCacheEntry(name) !== null,
    onStateChange: (state) => vaultHooks.onStateChange?.(state),
    describeUnreadable: (state) =>
      vaultHooks.describeUnreadable?.(state) ?? `The console's stored secrets cannot be read: ${state.verdict.reason}`,
  });
  const protection = describeVaultProtection(ports.encryptor);
  // Headless mode's key file is the documented design (info); Electron's basic_text is a real gap (warning).
  if (protection.protection !== 'osKeyring')
    notify({ level: protection.protection === 'keyFile' ? 'info' : 'warning', message: protection.explanation });
  const jobHistory = new JobHistory(database);
  const memoryRelease = ports.memoryRelease ?? processMemoryRelease();
  const jobs = new JobScheduler({
    history: jobHistory,
    now,
    timeZone: settings.get().timeZone.zone ?? machineTimeZone,
    logger: (source, runId) => logs.logger(source, runId),
    retention: () => settings.get().jobHistory,
    onJobChanged: (job) => events.emit('jobs.changed', job),
    onRunChanged: (run) => {
      events.emit('jobs.runChanged', run);
      notifyRunFailure(run);
      if (run.status === 'running') memoryRelease.busy();
      else if (!jobs.busy) memoryRelease.quiet();
    },
  });
  const notifyRunFailure = createRunFailureNotifier({ jobName: (jobId) => jobs.summary(jobId).name, notify: ports.notifyDesktop });
  logListeners.push((entry) => jobs.captureLog(entry));
  scheduleZone.follow = (zone) => jobs.setTimeZone(zone);
  const { dataDir, operator, encryptor, openBrowser, canOpenBrowser, notifyDesktop, fetch, deliverFile, signInTimeoutMs } = ports;
  const host = { dataDir, operator, encryptor, openBrowser, canOpenBrowser, notifyDesktop, fetch, deliverFile, signInTimeoutMs };
  return {
    host,
    now,
    notices,
    events,
    registry,
    settings,
    logs,
    db: database,
    vault,
    vaultHooks,
    graphPolicy,
    // Every Graph request of every mailbox also passes one app-wide gate: the pool size, and app-wide throttling.
    mailboxGates: new MailboxGates({ appLimit: () => mailboxPool }),
    jobHistory,
    jobs,
    memoryRelease,
    machineTimeZone,
  };
}
