/**
 * The composition root: the one place that creates every feature from its ports and wires them
 * to the contract. The desktop entry (desktop/desktopApp.ts) and headless mode (headless.ts) both
 * call it, so both run the very same services. Building only builds; `start()` checks the vault,
 * starts each feature in order and the job scheduler last (docs/architecture.md).
 */
import type { AppInfo, JobSummary, LogEntry, StartupNotice } from '../shared/contract';
import { mailServers } from '../shared/integration/mailServers';
import type { DatabaseSync } from 'node:sqlite';
import { createAccessFeature } from './access/accessFeature';
import type { AccessService } from './access/accessService';
import { createAccountsFeature } from './accounts/accountsFeature';
import type { AccountService } from './accounts/accountService';
import { registerAppHandlers, type AppIdentity } from './app/appHandlers';
import { createContactsFeature, type ContactsFeaturePorts } from './contacts/contactsFeature';
import { checkedEnvelope, type EventBus, type EventEnvelope } from './contract/eventBus';
import type { FeatureModule } from './contract/featureModule';
import type { HandlerRegistry } from './contract/handlerRegistry';
import { changedAt, type PlatformServices } from './contract/platformServices';
import { createPlatform } from './corePlatform';
import type { MemoryRelease } from './jobs/memoryRelease';
import { createOrganisationFeature, type OrganisationMode } from './appOnly/organisationFeature';
import { createDiagnosticsFeature } from './diagnostics/diagnosticsFeature';
import type { ConnectedMailUser } from './email/emailAccountsService';
import { emailCheckJobId } from './email/emailCheckJob';
import { createEmailFeature, type EmailFeaturePorts } from './email/emailFeature';
import type { EmailLimits } from './email/messageParsing';
import type { DeliverFile } from './files/fileTypes';
import type { GraphAccessProvider } from './graph/graphAccess';
import type { MailboxGates } from './graph/mailboxGate';
import type { AdminConsentFlow } from './integration/adminConsent';
import { createIntegrationFeature } from './integration/integrationFeature';
import { clientSecretName, type IntegrationService } from './integration/integrationService';
import { registerJobHandlers } from './jobs/jobHandlers';
import type { JobScheduler } from './jobs/jobScheduler';
import { createLogsFeature } from './logs/logsFeature';
import type { LogService } from './logs/logService';
import { registerSettingsHandlers } from './settings/settingsHandlers';
import type { OpenSettingsFile } from './settings/settingsFile';
import type { SettingsService } from './settings/settingsService';
import { createStatusFeature } from './status/statusFeature';
import { createCalendarFeature } from './sync/calendarFeature';
import type { CalendarSyncEngine } from './sync/calendarSyncEngine';
import { calendarSyncJobId } from './sync/calendarSyncJob';
import type { NotifyDesktop } from './jobs/runFailureNotifier';
import type { CredentialVault } from './vault/credentialVault';
import type { Encryptor } from './vault/encryptor';
import type { VaultRecovery } from './vault/vaultRecovery';
import { createVaultRecoveryFeature } from './vault/vaultRecoveryFeature';

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
  /** False in headless mode, where opening a browser is a no-op: pages show the URL to copy instead. */
  canOpenBrowser: boolean;
  /** A desktop notification (Electron's Notification; headless mode writes it to its output), opening `route` when clicked. */
  notifyDesktop: NotifyDesktop;
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
  /** Gives memory back after work; default: a full collection after 10 s quiet (jobs/memoryRelease.ts). */
  memoryRelease?: MemoryRelease;
};

/** What the edges (desktop app, headless mode) use of the core. */
export type Core = {
  registry: HandlerRegistry;
  events: EventBus;
  notices: readonly StartupNotice[];
  settings: SettingsService;
  logs: LogService;
  jobs: JobScheduler;
  integration: IntegrationService;
  vault: CredentialVault;
  /** The secrets-unreadable state in words, and its fixes. */
  vaultRecovery: VaultRecovery;
  /** Checks the vault, then starts every feature in order, the job scheduler last. Resolves when the vault is checked. */
  start(): Promise<void>;
  /**
   * The events that bring a client that missed some up to date: the state itself where an event
   * carries it, a "read again" where it does not. Sent when a reconnecting event stream cannot be
   * replayed from its last event id (a restarted console, a gap longer than the replay buffer).
   */
  currentStateEvents(): EventEnvelope[];
  shutdown(): Promise<void>;
};

/** The services behind the features, for tests only (test/support/testCore.ts): the edges never reach into them. */
export type CoreInternals = {
  database: DatabaseSync;
  access: AccessService;
  accounts: AccountService;
  adminConsent: AdminConsentFlow;
  calendarSync: CalendarSyncEngine;
  mailboxGates: MailboxGates;
  organisation: OrganisationMode;
};

/** Builds the core: nothing runs until `start()`. */
export function createCore(ports: CorePorts): Core {
  return buildCore(ports).core;
}

/** The core and, for the test seam, its internals: every feature built from its ports, in dependency order. */
export function buildCore(ports: CorePorts): { core: Core; internals: CoreInternals } {
  const platform = createPlatform(ports);
  const { events, settings, db, jobs } = platform;
  const access = createAccessFeature(platform);
  const integration = createIntegrationFeature(platform, () => status.announce());
  const accounts = createAccountsFeature(platform, { access: access.access, integration: integration.integration });
  const organisation = createOrganisationFeature(platform, { access: access.access, integration: integration.integration });
  // Connected accounts (in organisation-wide mode, the app itself) give each user's Graph access; tests may put the emulator in their place.
  const delegated: GraphAccessProvider = (userId) => accounts.accounts.graphAccess(userId);
  const graphAccess: GraphAccessProvider = ports.graphAccess ?? organisation.organisation.graphAccess(delegated);
  const contacts = createContactsFeature(contactsPorts(platform, access.access, graphAccess));
  const calendar = createCalendarFeature(platform, { access: access.access, graphAccess, otherSyncSources: [contacts.syncSource] });
  const email = createEmailFeature(
    emailPorts(platform, ports, { access: access.access, accounts: accounts.accounts, integration: integration.integration, graphAccess }),
  );
  const status = createStatusFeature(platform, {
    calendarSyncJobId,
    integrationEnabled: () => integration.integration.isEnabled(),
    secretExpiry: () => integration.integration.secretExpiry(),
    accountsNeedingReconnect: () => accounts.accounts.needingReconnect(),
  });
  const vaultRecovery = createVaultRecoveryFeature(platform, {
    clientSecretName,
    removeClientSecret: () => integration.integration.removeSecret(),
    userName: (userId) => access.access.overview().users.find((user) => user.id === userId)?.name,
    connectedUserIds: () => accounts.accounts.connectedUserIds(),
    disconnect: (userId) => accounts.accounts.disconnect(userId),
  });
  const app = appIdentity(ports);
  // In the order Diagnostics lists their checks; started in this order, stopped in reverse.
  const features = [
    platformModule(platform, app),
    access.module,
    integration.module,
    organisation.module,
    calendar.module,
    accounts.module,
    contacts.module,
    email.module,
    status.module,
    vaultRecovery.module,
  ];
  const vaultHealth = () => platform.vault.open().then(() => vaultRecovery.recovery.health());
  const diagnostics = createDiagnosticsFeature(
    platform,
    vaultHealth,
    features.flatMap((feature) => feature.checks ?? []),
  );
  const modules: FeatureModule[] = [...features, diagnostics];
  modules.push(
    createLogsFeature(platform, {
      app: { ...app, timeZone: platform.machineTimeZone },
      contributors: () => modules.flatMap((feature) => feature.bundleContributors ?? []),
    }),
  );
  for (const feature of modules) {
    feature.registerHandlers(platform.registry);
    for (const job of feature.jobs ?? []) jobs.define(job);
    for (const subscription of feature.subscriptions ?? []) events.subscribe(subscription);
  }
  const stateOf = (...parts: FeatureModule[]) => parts.flatMap((feature) => feature.currentState?.() ?? []);
  const currentState = (): EventEnvelope[] => [
    { event: 'settings.changed', payload: settings.get() },
    ...stateOf(integration.module, vaultRecovery.module, status.module),
    ...jobs.list().map((job): EventEnvelope => ({ event: 'jobs.changed', payload: job })),
    ...stateOf(access.module, accounts.module, calendar.module, contacts.module),
  ];
  const core = runnableCore(platform, ports, modules, currentState, {
    integration: integration.integration,
    vaultRecovery: vaultRecovery.recovery,
  });
  const internals = { database: db, access: access.access, accounts: accounts.accounts, adminConsent: integration.adminConsent };
  const engines = { calendarSync: calendar.engine, mailboxGates: platform.mailboxGates, organisation: organisation.organisation };
  return { core, internals: { ...internals, ...engines } };
}

/** The core's lifecycle: start in order (vault check, features, the scheduler last), stop in reverse. */
function runnableCore(
  platform: PlatformServices,
  ports: CorePorts,
  modules: readonly FeatureModule[],
  currentState: () => EventEnvelope[],
  services: Pick<Core, 'integration' | 'vaultRecovery'>,
): Core {
  const { events, settings, logs, db, vault, jobs } = platform;
  const coreLog = logs.logger('core');
  let stopped = false;
  return {
    ...{ registry: platform.registry, events, notices: platform.notices, settings, logs, jobs, vault },
    ...services,
    async start() {
      coreLog.info(`Console started (${ports.mode}, version ${ports.appVersion}).`, { dataDir: ports.dataDir });
      for (const { level, message, path } of platform.notices)
        coreLog[level === 'info' ? 'info' : level](message, path ? { path } : undefined);
      const vaultChecked = vault.open().then(
        () => undefined,
        (error: unknown) => coreLog.error('The credential vault could not be checked. Secrets may need to be entered again.', { error }),
      );
      const started = modules.map((feature) => feature.start?.());
      jobs.start(); // last: no job runs before what it uses is started
      await Promise.all([vaultChecked, ...started]);
    },
    currentStateEvents: () => currentState().map(checkedEnvelope),
    async shutdown() {
      if (stopped) return;
      stopped = true;
      await jobs.shutdown();
      platform.memoryRelease.stop();
      for (const feature of [...modules].reverse()) await feature.shutdown?.();
      coreLog.info('Console stopped.');
      db.close();
      // Last: every line up to "Console stopped." reaches its file before the process may exit.
      await logs.close();
    },
  };
}

function appIdentity(ports: CorePorts): AppIdentity {
  const { appVersion: version, mode, dataDir, versions } = ports;
  return { name: 'Outlook Integration Console', version, mode, dataDir, versions, platform: process.platform, label: ports.label ?? null };
}

/** The platform's own channels (app, settings, jobs) and the job history in the log bundle. */
function platformModule(platform: PlatformServices, app: AppIdentity): FeatureModule {
  const { settings, jobs: scheduler, jobHistory: history, now } = platform;
  return {
    registerHandlers: (registry) => {
      registerAppHandlers(registry, app, platform.notices, platform.machineTimeZone);
      registerSettingsHandlers(registry, settings);
      registerJobHandlers(registry, { scheduler, history, settings, now });
    },
    // The period's days are the administrator's local days, as the log files are.
    bundleContributors: [
      ({ from, to }) => {
        const end = new Date(`${to}T00:00:00`);
        end.setDate(end.getDate() + 1);
        const runs = history.runsStartedBetween(new Date(`${from}T00:00:00`).toISOString(), end.toISOString());
        return [{ path: 'jobs/history.json', content: JSON.stringify(runs, null, 2) }];
      },
    ],
  };
}

function contactsPorts(platform: PlatformServices, access: AccessService, graphAccess: GraphAccessProvider): ContactsFeaturePorts {
  const { db, now, events, logs, jobs, jobHistory: history } = platform;
  return {
    ...{ db, now, access, graphAccess, gates: platform.mailboxGates, policy: platform.graphPolicy, deliverFile: platform.host.deliverFile },
    ...{ jobs, history },
    log: logs.logger('contacts'),
    onChange: () => events.emit('contacts.changed', changedAt(now)),
    onPushProgress: (progress) => events.emit('contacts.pushProgress', progress),
  };
}

function emailPorts(
  platform: PlatformServices,
  ports: CorePorts,
  features: { access: AccessService; accounts: AccountService; integration: IntegrationService; graphAccess: GraphAccessProvider },
): EmailFeaturePorts {
  const { db, now, events, logs, jobs } = platform;
  const { accounts, integration } = features;
  return {
    ...{ db, now, dataDir: ports.dataDir, graphAccess: features.graphAccess, gates: platform.mailboxGates, fetch: ports.fetch },
    log: logs.logger('email'),
    mailAccess: (userId) => accounts.mailAccess(userId),
    connectedUsers: () => connectedMailUsers(accounts),
    connectedUserIds: () => accounts.connectedUserIds(),
    userName: (userId) => features.access.getUser(userId).name,
    features: () => integration.config().features,
    servers: () => mailServers(integration.config().cloud, integration.config().mail),
    customCa: () => integration.config().customCloud.caCertificatePem,
    registerSecret: (value) => logs.redactor.registerSecret(value),
    schedule: () => scheduleOf(jobs.summary(emailCheckJobId)),
    runCheckNow: (body) => jobs.runPartNow(emailCheckJobId, body),
    onChange: () => events.emit('email.changed', changedAt(now)),
    ...{ limits: ports.emailLimits, onImapCommand: ports.onImapCommand },
  };
}

/** The connected users whose mailboxes the email feature may use. */
function connectedMailUsers(accounts: AccountService): ConnectedMailUser[] {
  return accounts.list().rows.flatMap(({ user, account }) =>
    account && account.status !== 'disconnected'
      ? [
          {
            userId: user.id,
            userName: user.name,
            userPrincipalName: account.userPrincipalName,
            accountDisplayName: account.displayName,
            grantedScopes: account.grantedScopes,
          },
        ]
      : [],
  );
}

/** The *Check email accounts* job's schedule as the Email page shows it. */
function scheduleOf(job: JobSummary) {
  return { jobId: job.id, name: job.name, cron: job.cron, active: job.active, nextRunAt: job.nextRunAt };
}
