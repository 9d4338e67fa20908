import type { DatabaseSync } from 'node:sqlite';
import type { PushProgress } from '../../shared/contract';
import type { DeliverFile } from '../files/fileTypes';
import type { AccessService } from '../access/accessService';
import type { FeatureModule } from '../contract/featureModule';
import type { GraphAccessProvider } from '../graph/graphAccess';
import type { JobHistory } from '../jobs/jobHistory';
import type { JobScheduler } from '../jobs/jobScheduler';
import { MailboxGates } from '../graph/mailboxGate';
import { defaultRetryPolicy, type RetryPolicy } from '../graph/retryPolicy';
import type { SyncSource } from '../sync/calendarSyncJob';
import type { Logger } from '../logs/logService';
import { ContactPushService, contactsPushJob } from './contactPushService';
import { ContactSettingsStore } from './contactSettingsStore';
import { registerContactsHandlers } from './contactsHandlers';
import { ContactsService } from './contactsService';
import { ContactsInDoubt } from './contactsInDoubt';
import { contactsSyncSource } from './contactsSyncSource';
import { OutlookLinks } from './outlookLinks';
import { PeopleRepository } from './peopleRepository';

export type ContactsFeaturePorts = {
  db: DatabaseSync;
  access: Pick<AccessService, 'checkScope' | 'requireScope'>;
  graphAccess: GraphAccessProvider | undefined;
  /** Shared with calendar sync, so both keep to Outlook's 4 requests per mailbox together. */
  gates?: MailboxGates;
  policy?: RetryPolicy;
  /** The job runtime pushes run in (the *Contacts push to Outlook* job), and its history. */
  jobs: Pick<JobScheduler, 'startWith' | 'cancel'>;
  history: Pick<JobHistory, 'record' | 'records'>;
  now: () => Date;
  log: Logger;
  deliverFile: DeliverFile;
  onChange: () => void;
  onPushProgress: (progress: PushProgress) => void;
};

/** The contacts feature's services, created from its ports: called once, by core.ts (and by tests). */
export function createContactsFeature(ports: ContactsFeaturePorts): {
  service: ContactsService;
  push: ContactPushService;
  /** Its per-user pushes run inside the calendar sync job (one job, one history). */
  syncSource: SyncSource;
  module: FeatureModule;
} {
  const people = new PeopleRepository(ports.db);
  const links = new OutlookLinks(ports.db);
  const settings = new ContactSettingsStore(ports.db);
  const checkScope = (userId: number, scope: 'outlookContacts') => ports.access.checkScope(userId, scope);
  const push = new ContactPushService({
    db: ports.db,
    people,
    links,
    inDoubt: new ContactsInDoubt(ports.db),
    settings,
    access: { requireScope: (userId, scope) => ports.access.requireScope(userId, scope) },
    graphAccess: ports.graphAccess,
    gates: ports.gates ?? new MailboxGates(),
    policy: ports.policy ?? defaultRetryPolicy,
    jobs: ports.jobs,
    history: ports.history,
    now: ports.now,
    log: ports.log,
    onProgress: ports.onPushProgress,
  });
  const service = new ContactsService({
    db: ports.db,
    people,
    links,
    settings,
    push,
    checkScope,
    now: ports.now,
    deliverFile: ports.deliverFile,
    onChange: ports.onChange,
  });
  const module: FeatureModule = {
    registerHandlers: (registry) => registerContactsHandlers(registry, service, push),
    // Pushes are runs of this on-demand job: the scheduler stops them at shutdown, like every run.
    jobs: [contactsPushJob],
    currentState: () => [{ event: 'contacts.changed', payload: { at: ports.now().toISOString() } }],
  };
  return { service, push, syncSource: contactsSyncSource({ settings, links, push, checkScope, now: ports.now }), module };
}
