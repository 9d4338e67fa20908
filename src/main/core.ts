/**
 * The composition root: the one place that creates every service from its ports and wires them
 * to the contract. The desktop entry (index.ts) and headless mode (headless.ts) both call it,
 * so both run the very same services.
 */
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { AppInfo, FinishedRunStatus, LogEntry, StartupNotice } from '../shared/contract';
import { AccessService } from './access/accessService';
import { accountChecks } from './accounts/accountChecks';
import { registerAccountHandlers } from './accounts/accountHandlers';
import { signInHostProblem } from './integration/credentialsTest';
import { AccountService } from './accounts/accountService';
import { createAdminConsentStarter } from './integration/adminConsentRedirect';
import { registerAccessHandlers } from './access/accessHandlers';
import { registerAppHandlers } from './app/appHandlers';
import { registerContactsHandlers } from './contacts/contactsHandlers';
import { createContactsFeature } from './contacts/contactsFeature';
import { createEmailFeature } from './email/emailFeature';
import { emailCheckJobId } from './email/emailCheckJob';
import { registerEmailHandlers } from './email/emailHandlers';
import type { EmailLimits } from './email/messageParsing';
import type { GraphAccessProvider } from './graph/graphAccess';
import { combineSyncSources } from './sync/combinedSyncSource';
import { checkedEnvelope, EventBus, type EventEnvelope } from './contract/eventBus';
import { coreChecks } from './diagnostics/coreChecks';
import { registerDiagnosticsHandlers } from './diagnostics/diagnosticsHandlers';
import { DiagnosticsService } from './diagnostics/diagnosticsService';
import { HandlerRegistry } from './contract/handlerRegistry';
import { createLogBundle, type BundleContributor, type BundlePeriod } from './logs/logBundle';
import { calendarSyncJobId, createCalendarSyncJob } from './sync/calendarSyncJob';
import { MailboxGates } from './graph/mailboxGate';
import { defaultRetryPolicy, type RetryPolicy } from './graph/retryPolicy';
import { registerCalendarHandlers } from './sync/calendarHandlers';
import { CalendarService } from './sync/calendarService';
import { CalendarSyncEngine } from './sync/calendarSyncEngine';
import { registerJobHandlers } from './jobs/jobHandlers';
import { JobHistory } from './jobs/jobHistory';
import { calendarSyncChecks } from './sync/calendarSyncChecks';
import { mailServers } from '../shared/integration/mailServers';
import { mailChecks } from './email/mailChecks';
import { JobScheduler } from './jobs/jobScheduler';
import { registerLogHandlers } from './logs/logHandlers';
import { LogService } from './logs/logService';
import { registerSettingsHandlers } from './settings/settingsHandlers';
import type { OpenSettingsFile } from './settings/settingsFile';
import { SettingsService } from './settings/settingsService';
import { AdminConsentFlow } from './integration/adminConsent';
import { registerIntegrationHandlers } from './integration/integrationHandlers';
import { integrationChecks } from './integration/integrationChecks';
import { IntegrationService } from './integration/integrationService';
import { SecretExpiryMonitor } from './integration/secretExpiryMonitor';
import { readStatus, registerStatusHandlers, type StatusSources } from './status/statusService';
import { CredentialVault } from './vault/credentialVault';
import { zipArchive, type DeliverFile } from './files/fileTypes';
import { registerVaultHandlers, VaultRecovery } from './vault/vaultRecovery';
import { tokenCacheEntryName, userIdOfTokenCacheEntry } from './auth/vaultTokenCache';
import { permissionsNotice, tightenDataFolder } from './app/dataFolderPermissions';
import { clientSecretName } from './integration/integrationService';
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
  deliverFile: DeliverFile;
  /** Shown on every page when the console runs against a stand-in tenant (`npm run demo`). */
  label?: string;
  /** The administrator's IANA time zone, which schedules are read in; default: this process's. */
  timeZone?: string;
  /** Each user's Graph access; by default the connected accounts'. Tests give one over the emulator. */
  graphAccess?: GraphAccessProvider;
  /** How long a sign-in or admin consent waits for the browser's answer; default 5 minutes. */
  signInTimeoutMs?: number;
  /** Every log entry, redacted, also goes here (headless mode's stdout when a service manager reads it). */
  mirrorLog?: (entry: LogEntry) => void;
  /** Email size limits; default 25 MB a message, 10 MB an attachment. Tests make them small. */
  emailLimits?: EmailLimits;
  /** Told the name of every IMAP command email checks send (tests and the benchmark count round trips). */
  onImapCommand?: (command: string) => void;
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
  /** The loopback redirect of `integration.startConsent` calls `adminConsent.record(...)` with what Entra sent back. */
  adminConsent: AdminConsentFlow;
  /** Connected Outlook accounts; `accounts.graphAccess` is the `GraphAccessProvider` for Graph features. */
  accounts: AccountService;
  jobs: JobScheduler;
  calendarSync: CalendarSyncEngine;
  /** One gate per mailbox for every Graph caller (calendar sync, contacts push): at most 4 in flight. */
  mailboxGates: MailboxGates;
  /** The secrets-unreadable state in words, and its fixes. */
  vaultRecovery: VaultRecovery;
  /**
   * The events that bring a client that missed some up to date: the state itself where an event
   * carries it, a "read again" where it does not. Sent when a reconnecting event stream cannot be
   * replayed from its last event id (a restarted console, a gap longer than the replay buffer).
   */
  currentStateEvents(): EventEnvelope[];
  shutdown(): Promise<void>;
};

export function createCore(ports: CorePorts): Core {
  const notices: StartupNotice[] = [];
  const notify = (notice: StartupNotice) => notices.push(notice);
  // Before anything opens a file in it: the folder and everything in it private to this account.
  const loosePermissions = permissionsNotice(ports.dataDir, tightenDataFolder(ports.dataDir));
  if (loosePermissions) notify(loosePermissions);
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
  // The longest Retry-After a run waits for, from the Scheduled jobs page, read at each request.
  const graphPolicy: RetryPolicy = {
    ...defaultRetryPolicy,
    get maxWaitMs() {
      return settings.get().syncLimits.maxWaitMinutes * 60_000;
    },
  };
  const logs = new LogService({
    directory: join(ports.dataDir, 'logs'),
    now,
    level: settings.get().logging.level,
    onEntry: (entry) => {
      events.emit('log.entry', entry);
      for (const listener of logListeners) listener(entry);
    },
    mirror: ports.mirrorLog,
  });
  const coreLog = logs.logger('core');
  const registry = new HandlerRegistry((channel, error) =>
    logs.logger('bridge').error(`The call ${channel} failed unexpectedly.`, { error }),
  );
  const database = openWorkspaceDatabase({ path: join(ports.dataDir, 'workspace.db'), now, notify });
  const vault: CredentialVault = new CredentialVault(database, ports.encryptor, now, {
    onSecretSeen: (value) => logs.redactor.registerSecret(value),
    onStateChange: (state) => {
      if (state.state === 'unreadable') coreLog.error(vaultRecovery.describe(state));
      events.emit('vault.changed', vaultRecovery.health());
      // The secret's state, the accounts' rows and the status bar all depend on it.
      events.emit('integration.changed', integration.view());
      events.emit('accounts.changed', { at: now().toISOString() });
      events.emit('status.changed', readStatus(statusSources));
    },
    describeUnreadable: (state): string => vaultRecovery.describe(state),
  });
  vault
    .open()
    .catch((error: unknown) =>
      coreLog.error('The credential vault could not be checked. Secrets may need to be entered again.', { error }),
    );
  const integration = new IntegrationService({ settings, vault, encryptor: ports.encryptor, now, canOpenBrowser: ports.canOpenBrowser });
  const adminConsent = new AdminConsentFlow({ integration, openBrowser: ports.openBrowser, canOpenBrowser: ports.canOpenBrowser, now });

  const access = new AccessService({
    db: database,
    operator: ports.operator,
    now,
    onChange: () => events.emit('access.changed', { at: now().toISOString() }),
  });

  const accounts = new AccountService({
    db: database,
    vault,
    integration,
    access,
    log: logs.logger('accounts'),
    registerSecret: (value) => logs.redactor.registerSecret(value),
    openBrowser: ports.openBrowser,
    canOpenBrowser: ports.canOpenBrowser,
    fetch: ports.fetch,
    now,
    attemptTimeoutMs: ports.signInTimeoutMs,
    retryPolicy: graphPolicy,
    onChange: () => {
      events.emit('accounts.changed', { at: now().toISOString() });
      events.emit('status.changed', readStatus(statusSources));
    },
    onAttemptFinished: (outcome) => events.emit('accounts.attemptFinished', outcome),
  });
  const vaultRecovery: VaultRecovery = new VaultRecovery({
    vault,
    encryptor: ports.encryptor,
    labelFor: (name) => {
      if (name === clientSecretName) return 'Client secret';
      const userId = userIdOfTokenCacheEntry(name);
      if (userId === null) return name;
      const user = access.overview().users.find((candidate) => candidate.id === userId);
      return `Outlook sign-in of ${user?.name ?? `user ${userId}`}`;
    },
    onCleared: (names) => {
      if (names.includes(clientSecretName)) integration.removeSecret();
      for (const userId of accounts.connectedUserIds()) if (names.includes(tokenCacheEntryName(userId))) accounts.disconnect(userId);
    },
    log: logs.logger('vault'),
  });
  const consentStarter = createAdminConsentStarter({
    flow: adminConsent,
    integration,
    log: logs.logger('integration'),
    timeoutMs: ports.signInTimeoutMs,
  });

  const protection = describeVaultProtection(ports.encryptor);
  if (protection.protection !== 'osKeyring') {
    // Headless mode's key file is the documented design (info); Electron's basic_text is a real gap (warning).
    notify({ level: protection.protection === 'keyFile' ? 'info' : 'warning', message: protection.explanation });
  }

  // Connected accounts give each user's Graph access; tests may put the emulator in their place.
  const graphAccess: GraphAccessProvider = ports.graphAccess ?? ((userId) => accounts.graphAccess(userId));
  const mailboxGates = new MailboxGates();
  const announceCalendar = () => events.emit('calendar.changed', { at: now().toISOString() });
  const calendarSync = new CalendarSyncEngine({
    db: database,
    now,
    graphAccess,
    access,
    gates: mailboxGates,
    policy: graphPolicy,
    onChange: announceCalendar,
  });

  const jobHistory = new JobHistory(database);
  const statusSources: StatusSources = {
    integrationEnabled: () => integration.isEnabled(),
    lastSync: () => {
      const last = jobHistory.latest(calendarSyncJobId, ['success', 'partial', 'failed', 'interrupted']);
      return last?.finishedAt ? { finishedAt: last.finishedAt, status: last.status as FinishedRunStatus, summary: last.summary } : null;
    },
    secretExpiry: () => integration.secretExpiry(),
    accountsNeedingReconnect: () => accounts.needingReconnect(),
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
    label: ports.label ?? null,
  };
  const bundleContributors: BundleContributor[] = [];
  const exportBundle = async (period: BundlePeriod) => {
    const bundle = await createLogBundle({
      period,
      logs,
      settings: settings.get(),
      app: identity,
      now: now(),
      contributors: bundleContributors,
    });
    const delivery = await ports.deliverFile(bundle.fileName, bundle.bytes, zipArchive);
    coreLog.info(`Log bundle ${bundle.fileName} exported (${period.from} to ${period.to}).`, {
      bytes: bundle.bytes.length,
      delivery: delivery.kind,
    });
    return { fileName: bundle.fileName, bytes: bundle.bytes.length, delivery };
  };
  const contacts = createContactsFeature({
    db: database,
    access,
    graphAccess,
    // One gate per mailbox for calendar sync and contacts push together: Outlook's limit of 4 is per mailbox.
    gates: mailboxGates,
    policy: graphPolicy,
    now,
    log: logs.logger('contacts'),
    deliverFile: ports.deliverFile,
    onChange: () => events.emit('contacts.changed', { at: now().toISOString() }),
    onPushProgress: (progress) => events.emit('contacts.pushProgress', progress),
  });
  const email = createEmailFeature({
    db: database,
    dataDir: ports.dataDir,
    now,
    log: logs.logger('email'),
    mailAccess: (userId) => accounts.mailAccess(userId),
    graphAccess,
    gates: mailboxGates,
    connectedUsers: () =>
      accounts.list().rows.flatMap((row) =>
        row.account && row.account.status !== 'disconnected'
          ? [
              {
                userId: row.user.id,
                userName: row.user.name,
                userPrincipalName: row.account.userPrincipalName,
                accountDisplayName: row.account.displayName,
                grantedScopes: row.account.grantedScopes,
              },
            ]
          : [],
      ),
    userName: (userId) => access.getUser(userId).name,
    features: () => integration.config().features,
    servers: () => {
      const { cloud, mail } = integration.config();
      return mailServers(cloud, mail);
    },
    customCa: () => integration.config().customCloud.caCertificatePem,
    registerSecret: (value) => logs.redactor.registerSecret(value),
    fetch: ports.fetch,
    schedule: () => {
      const job = jobs.summary(emailCheckJobId);
      return { jobId: job.id, name: job.name, cron: job.cron, active: job.active, nextRunAt: job.nextRunAt };
    },
    runCheckNow: (body) => jobs.runPartNow(emailCheckJobId, body),
    onChange: () => events.emit('email.changed', { at: now().toISOString() }),
    limits: ports.emailLimits,
    onImapCommand: ports.onImapCommand,
  });
  const jobs = new JobScheduler({
    history: jobHistory,
    jobs: [createCalendarSyncJob(combineSyncSources(calendarSync.source(), contacts.syncSource)), email.job],
    now,
    timeZone: ports.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    logger: (source, runId) => logs.logger(source, runId),
    retention: () => settings.get().jobHistory,
    onJobChanged: (job) => events.emit('jobs.changed', job),
    onRunChanged: (run) => {
      events.emit('jobs.runChanged', run);
      if (run.jobId === calendarSyncJobId && run.status !== 'running' && run.status !== 'skipped')
        events.emit('status.changed', readStatus(statusSources));
    },
  });
  logListeners.push((entry) => jobs.captureLog(entry));
  const calendar = new CalendarService({
    engine: calendarSync,
    access,
    graphAccess,
    jobs,
    now,
    log: logs.logger('sync'),
    deliverFile: ports.deliverFile,
    onChange: announceCalendar,
  });

  const diagnostics = new DiagnosticsService(now, logs.logger('diagnostics'));
  const checks = [
    ...coreChecks({
      dataDir: ports.dataDir,
      database,
      encryptor: ports.encryptor,
      settings,
      notices,
      vaultHealth: () => vault.open().then(() => vaultRecovery.health()),
    }),
    ...integrationChecks(integration),
    ...calendarSyncChecks(jobs, now),
    ...accountChecks({ accounts, integration, fetch: ports.fetch }),
    ...mailChecks({
      features: () => integration.config().features,
      servers: () => {
        const { cloud, mail } = integration.config();
        return mailServers(cloud, mail);
      },
      connectedUserIds: () => accounts.connectedUserIds(),
      mailAccess: (userId) => accounts.mailAccess(userId),
      registerSecret: (value) => logs.redactor.registerSecret(value),
    }),
  ];
  for (const check of checks) diagnostics.register(check);
  // The period's days are the administrator's local days, as the log files are.
  bundleContributors.push(({ from, to }) => {
    const end = new Date(`${to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    const runs = jobHistory.runsStartedBetween(new Date(`${from}T00:00:00`).toISOString(), end.toISOString());
    return [{ path: 'jobs/history.json', content: JSON.stringify(runs, null, 2) }];
  });
  // The bundle carries a fresh Diagnostics report, so support sees the state at export time.
  bundleContributors.push(async () => [{ path: 'diagnostics.json', content: JSON.stringify(await diagnostics.run(), null, 2) }]);

  registerAppHandlers(registry, identity, notices);
  registerDiagnosticsHandlers(registry, diagnostics);
  registerSettingsHandlers(registry, settings);
  registerLogHandlers(registry, logs, settings, exportBundle);
  registerStatusHandlers(registry, statusSources);
  registerAccessHandlers(registry, access);
  registerIntegrationHandlers(registry, integration, consentStarter, now);
  registerAccountHandlers(registry, accounts, () => signInHostProblem(integration.config()));
  registerJobHandlers(registry, { scheduler: jobs, history: jobHistory, settings, now });
  registerCalendarHandlers(registry, calendar);
  registerContactsHandlers(registry, contacts.service, contacts.push);
  registerVaultHandlers(registry, vaultRecovery);
  registerEmailHandlers(registry, email);

  coreLog.info(`Console started (${ports.mode}, version ${ports.appVersion}).`, { dataDir: ports.dataDir });
  for (const notice of notices)
    coreLog[notice.level === 'info' ? 'info' : notice.level](notice.message, notice.path ? { path: notice.path } : undefined);
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
    accounts,
    jobs,
    calendarSync,
    mailboxGates,
    vaultRecovery,
    currentStateEvents() {
      const at = now().toISOString();
      const state: EventEnvelope[] = [
        { event: 'settings.changed', payload: settings.get() },
        { event: 'integration.changed', payload: integration.view() },
        { event: 'vault.changed', payload: vaultRecovery.health() },
        { event: 'status.changed', payload: readStatus(statusSources) },
        ...jobs.list().map((job): EventEnvelope => ({ event: 'jobs.changed', payload: job })),
        { event: 'access.changed', payload: { at } },
        { event: 'accounts.changed', payload: { at } },
        { event: 'calendar.changed', payload: { at } },
        { event: 'contacts.changed', payload: { at } },
      ];
      return state.map(checkedEnvelope);
    },
    async shutdown() {
      if (stopped) return;
      stopped = true;
      accounts.shutdown();
      consentStarter.shutdown();
      expiryMonitor.stop();
      clearInterval(dailyPrune);
      await jobs.shutdown();
      await contacts.push.shutdown();
      coreLog.info('Console stopped.');
      database.close();
    },
  };
}
