import type { DatabaseSync } from 'node:sqlite';
import type { StartupNotice } from '../../shared/contract';
import type { DeliverFile } from '../files/fileTypes';
import type { MailboxGates } from '../graph/mailboxGate';
import type { RetryPolicy } from '../graph/retryPolicy';
import type { MemoryRelease } from '../jobs/memoryRelease';
import type { JobHistory } from '../jobs/jobHistory';
import type { JobScheduler } from '../jobs/jobScheduler';
import type { NotifyDesktop } from '../jobs/runFailureNotifier';
import type { LogService } from '../logs/logService';
import type { SettingsService } from '../settings/settingsService';
import type { CredentialVault, VaultState } from '../vault/credentialVault';
import type { Encryptor } from '../vault/encryptor';
import type { EventBus } from './eventBus';
import type { HandlerRegistry } from './handlerRegistry';

/** What the host gives the core: the desktop app's or headless mode's ports (core.ts's CorePorts). */
export type HostPorts = {
  dataDir: string;
  operator: string;
  encryptor: Encryptor;
  openBrowser: (url: string) => Promise<void>;
  canOpenBrowser: boolean;
  notifyDesktop: NotifyDesktop;
  fetch: typeof globalThis.fetch;
  deliverFile: DeliverFile;
  signInTimeoutMs?: number;
};

type Unreadable = Extract<VaultState, { state: 'unreadable' }>;

/** The platform services every feature factory may take (each picks the ones it needs). */
export type PlatformServices = {
  host: HostPorts;
  now: () => Date;
  notices: StartupNotice[];
  events: EventBus;
  registry: HandlerRegistry;
  settings: SettingsService;
  logs: LogService;
  db: DatabaseSync;
  vault: CredentialVault;
  /** Set by the vault recovery, which needs the features to name each secret: told every vault state change. */
  vaultHooks: { onStateChange?: (state: VaultState) => void; describeUnreadable?: (state: Unreadable) => string };
  /** The longest Retry-After a run waits for, from the Scheduled jobs page, read at each request. */
  graphPolicy: RetryPolicy;
  /** One gate per mailbox for every Graph caller (calendar sync, contacts push, email): at most 4 in flight. */
  mailboxGates: MailboxGates;
  jobHistory: JobHistory;
  jobs: JobScheduler;
  memoryRelease: MemoryRelease;
  /** The zone this process runs in: the time-zone setting's default. */
  machineTimeZone: string;
};

/** "Something changed, read it again": the payload of the `*.changed` events that carry no state. */
export const changedAt = (now: () => Date) => ({ at: now().toISOString() });
