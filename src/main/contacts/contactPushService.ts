/**
 * Pushes from the list and the detail view, as runs of the on-demand *Contacts push to Outlook*
 * job: checks every chosen user first (Outlook Contacts access, a connected account), then pushes
 * to each user's mailbox at once (different mailboxes do not share Outlook's limit). The job
 * runtime keeps the run (its input, users' results and log lines) in the job history, stops it
 * between groups when cancelled or at shutdown, and marks it interrupted after a crash; a push
 * that did not finish is resumed from its stored input without duplicates.
 */
import { z } from 'zod';
import type { DatabaseSync } from 'node:sqlite';
import {
  ContractError,
  personSelectionSchema,
  type PersonSelection,
  type PushProgress,
  type PushStatus,
  type PushUserProgress,
  type RunStatus,
  type UserResult,
  type WorkspaceUser,
} from '../../shared/contract';
import type { GraphAccess, GraphAccessProvider } from '../graph/graphAccess';
import { GraphMailbox } from '../graph/graphMailbox';
import type { MailboxGates } from '../graph/mailboxGate';
import type { RetryPolicy } from '../graph/retryPolicy';
import type { JobHistory, RunRecord } from '../jobs/jobHistory';
import { cancelledReason, type JobOutcome, type JobRunContext, type OnDemandJob } from '../jobs/jobRun';
import type { JobScheduler } from '../jobs/jobScheduler';
import type { Logger } from '../logs/logService';
import type { ContactSettingsStore } from './contactSettingsStore';
import { outcomeInHistory, pushToUser, type UserPushOutcome } from './contactPush';
import type { ContactsInDoubt } from './contactsInDoubt';
import type { OutlookLinks } from './outlookLinks';
import { OnePushPerMailbox } from './onePushPerMailbox';
import type { PeopleRepository } from './peopleRepository';

/** The job's id: also in migration 12, which carried the pushes made before into its history. */
export const contactsPushJobId = 'contactsPush';

export const contactsPushJob: OnDemandJob = {
  id: contactsPushJobId,
  name: 'Contacts push to Outlook',
  description:
    "Records chosen on the Contacts page, pushed to the chosen users' Outlook contacts. Started, cancelled and resumed on the Contacts page; it has no schedule.",
  onDemand: true,
};

/** What a push run is started with, kept with the run so a resume pushes the same. */
const pushInputSchema = z.object({ selection: personSelectionSchema, userIds: z.array(z.number().int().positive()) });

export type ScopeGuard = {
  requireScope(userId: number, scope: 'outlookContacts'): WorkspaceUser;
};

export type ContactPushServiceOptions = {
  db: DatabaseSync;
  people: PeopleRepository;
  links: OutlookLinks;
  inDoubt: ContactsInDoubt;
  settings: ContactSettingsStore;
  access: ScopeGuard;
  /** Accounts' port; undefined until accounts are wired in, and then every push explains why not. */
  graphAccess: GraphAccessProvider | undefined;
  gates: MailboxGates;
  policy: RetryPolicy;
  /** The job runtime every push runs in, and the history it keeps them in. */
  jobs: Pick<JobScheduler, 'startWith' | 'cancel'>;
  history: Pick<JobHistory, 'record' | 'records'>;
  now: () => Date;
  log: Logger;
  onProgress: (progress: PushProgress) => void;
  /** Least time between two progress events of one push. */
  progressIntervalMs?: number;
};

/** A push this process ran: its per-user progress, which the job history keeps only as each user's result. */
type LivePush = { progress: PushProgress; lastEmit: number };

const resumableStatuses: readonly PushStatus[] = ['cancelled', 'interrupted', 'partial', 'failed'];
/** How many finished pushes keep their per-user progress for `list()`. */
const keptFinished = 20;

export class ContactPushService {
  private readonly live = new Map<string, LivePush>();
  private readonly onePerMailbox = new OnePushPerMailbox();

  constructor(private readonly options: ContactPushServiceOptions) {}

  /** Refuses before anything is sent when a chosen user cannot be pushed to; otherwise starts the run. */
  async start(selection: PersonSelection, userIds: readonly number[], resumeOf?: { id: string; since: string }): Promise<PushProgress> {
    const ids = this.options.people.idsOf(selection);
    if (ids.length === 0) {
      throw new ContractError('VALIDATION', 'Nothing to push: no record matches the selection or the search.', [
        { field: 'selection', message: 'Select at least one record, or change the search.' },
      ]);
    }
    const targets: Array<{ user: WorkspaceUser; access: GraphAccess }> = [];
    for (const userId of new Set(userIds)) {
      const user = this.options.access.requireScope(userId, 'outlookContacts');
      targets.push({ user, access: await this.accessOf(user) });
    }
    const people = this.options.people.many(ids);
    const push: LivePush = {
      // Its id and start are the run's: set as soon as the run exists, before the body's first report.
      progress: {
        pushId: '',
        resumeOf: resumeOf?.id ?? null,
        status: 'running',
        startedAt: '',
        finishedAt: null,
        summary: `Pushing ${people.length} ${people.length === 1 ? 'record' : 'records'} to ${targets.map(({ user }) => user.name).join(', ')}…`,
        users: targets.map(({ user }) => emptyProgress(user, people.length)),
        resumable: false,
        revision: 0,
      },
      lastEmit: 0,
    };
    const { run, finished } = this.options.jobs.startWith(contactsPushJobId, {
      input: { selection, userIds: targets.map(({ user }) => user.id) },
      resumeOf: resumeOf?.id ?? null,
      body: (context) => this.run(context, push, targets, people, resumeOf?.since),
    });
    Object.assign(push.progress, { pushId: run.id, startedAt: run.startedAt });
    this.live.set(run.id, push);
    this.emit(push, true);
    void finished.then((record) => this.finished(push, record));
    return structuredClone(push.progress);
  }

  async resume(pushId: string): Promise<PushProgress> {
    const record = this.record(pushId);
    if (!record)
      throw new ContractError('NOT_FOUND', 'This push is no longer known.', [{ field: 'pushId', message: 'No push has this id.' }]);
    if (record.status === 'running')
      throw new ContractError('CONFLICT', 'This push is still running: wait for it to finish or cancel it first.');
    if (!resumableStatuses.includes(pushStatusOf(record)))
      throw new ContractError(
        'CONFLICT',
        'This push finished without problems: there is nothing to resume. Push again to update the contacts.',
      );
    const input = pushInputSchema.safeParse(record.input);
    if (!input.success)
      throw new ContractError('CONFLICT', 'This push cannot be resumed: what it pushed was not recorded. Push the records again.');
    // Resuming a resumed push still skips what the first one did: the threshold is where the chain began.
    let root = record;
    for (let parent = this.record(root.resumeOf); parent; parent = this.record(parent.resumeOf)) root = parent;
    return this.start(input.data.selection, input.data.userIds, { id: pushId, since: root.startedAt });
  }

  cancel(pushId: string): void {
    if (!this.options.jobs.cancel(pushId))
      throw new ContractError('NOT_FOUND', 'This push is not running any more.', [
        { field: 'pushId', message: 'No running push has this id.' },
      ]);
  }

  /** Pushes running now and the recent ones, newest first: the job history's, with this process's per-user progress. */
  list(): PushProgress[] {
    return this.options.history.records(contactsPushJobId, 10).map((record) => {
      const known = this.live.get(record.id)?.progress;
      return known ? structuredClone(known) : fromRecord(record);
    });
  }

  /** Pushes the given records to one user: the scheduled push's way in. */
  async pushForUser(userId: number, personIds: readonly number[], isCancelled: () => boolean, log: Logger): Promise<UserPushOutcome> {
    const user = this.options.access.requireScope(userId, 'outlookContacts');
    const access = await this.accessOf(user);
    return this.onePerMailbox.run(userId, user.name, log, () =>
      pushToUser({
        userId,
        userName: user.name,
        mailbox: this.mailboxFor(userId, access, log),
        folderId: this.options.settings.get(userId).folderId,
        people: this.options.people.many(personIds),
        links: this.options.links,
        inDoubt: this.options.inDoubt,
        db: this.options.db,
        now: this.options.now,
        isCancelled,
        onProgress: () => {},
      }),
    );
  }

  mailboxFor(userId: number, access: GraphAccess, log: Logger = this.options.log): GraphMailbox {
    return new GraphMailbox({
      userId,
      access,
      gate: this.options.gates.for(access.account.userPrincipalName),
      policy: this.options.policy,
      onRetry: (reason, waitMs) =>
        log.info(`Outlook asked to wait: ${reason}; trying again in ${Math.round(waitMs / 1000)} s.`, {
          userId,
          waitMs: Math.round(waitMs),
        }),
      onResponse: ({ method, path, status, ms, attempt }) =>
        log.debug(`Graph ${method} ${path} answered ${status} in ${ms} ms${attempt > 1 ? ` (try ${attempt})` : ''}.`, { userId }),
    });
  }

  async accessOf(user: WorkspaceUser): Promise<GraphAccess> {
    const access = await this.options.graphAccess?.(user.id);
    if (!access)
      throw new ContractError(
        'CONFLICT',
        `${user.name} has no connected Outlook account: connect one on the Accounts page, then push again.`,
      );
    return access;
  }

  /** One push run: every user's mailbox at once, each stopping between groups when the run is cancelled or the console stops. */
  private async run(
    context: JobRunContext,
    push: LivePush,
    targets: ReadonlyArray<{ user: WorkspaceUser; access: GraphAccess }>,
    people: ReturnType<PeopleRepository['many']>,
    alreadyPushedSince: string | undefined,
  ): Promise<JobOutcome> {
    const { progress } = push;
    const log = context.log.child({ source: 'contacts' });
    context.setTotal(targets.length);
    log.info(
      `Contacts push started: ${people.length} ${people.length === 1 ? 'record' : 'records'} to ${targets.length} ${targets.length === 1 ? 'user' : 'users'}${progress.resumeOf ? `, resuming push ${progress.resumeOf}` : ''}.`,
      {
        pushId: context.runId,
      },
    );
    const outcomes = await Promise.all(
      targets.map(async ({ user, access }, index) => {
        const outcome = await this.onePerMailbox.run(user.id, user.name, log, () =>
          pushToUser({
            userId: user.id,
            userName: user.name,
            mailbox: this.mailboxFor(user.id, access, log),
            folderId: this.options.settings.get(user.id).folderId,
            people,
            links: this.options.links,
            inDoubt: this.options.inDoubt,
            db: this.options.db,
            now: this.options.now,
            alreadyPushedSince,
            isCancelled: () => context.signal.aborted,
            onProgress: (userProgress) => {
              progress.users[index] = userProgress;
              this.emit(push, false);
            },
          }),
        );
        progress.users[index] = stripCancelled(outcome);
        if (outcome.error) log.warning(`${user.name}: ${outcome.error}`, { pushId: context.runId, userId: user.id });
        await context.userFinished(userResultOf(outcome));
        return outcome;
      }),
    );
    const failed = outcomes.some((outcome) => outcome.error !== null);
    const itemFailures = outcomes.some((outcome) => outcome.failed > 0);
    const status: PushStatus = outcomes.some((outcome) => outcome.cancelled)
      ? context.signal.reason === cancelledReason
        ? 'cancelled'
        : 'interrupted'
      : failed && outcomes.every((outcome) => outcome.error !== null)
        ? 'failed'
        : failed || itemFailures
          ? 'partial'
          : 'done';
    return { status: runStatusOf[status], summary: summarise(status, progress.users) };
  }

  /** The run's outcome is recorded: the last progress event says so, in the history's words. */
  private finished(push: LivePush, record: RunRecord | undefined): void {
    if (record) Object.assign(push.progress, { ...fromRecord(record), users: push.progress.users, revision: push.progress.revision });
    this.emit(push, true);
    const done = [...this.live.values()].filter((known) => known.progress.status !== 'running');
    for (const old of done.slice(0, Math.max(0, done.length - keptFinished))) this.live.delete(old.progress.pushId);
  }

  private emit(push: LivePush, force: boolean): void {
    const at = Date.now();
    if (!force && at - push.lastEmit < (this.options.progressIntervalMs ?? 250)) return;
    push.lastEmit = at;
    push.progress.revision += 1;
    this.options.onProgress(structuredClone(push.progress));
  }

  private record(id: string | null): RunRecord | undefined {
    const record = id === null ? undefined : this.options.history.record(id);
    return record?.jobId === contactsPushJobId ? record : undefined;
  }
}

function emptyProgress(user: WorkspaceUser, total: number): PushUserProgress {
  return {
    userId: user.id,
    userName: user.name,
    total,
    done: 0,
    created: 0,
    updated: 0,
    recreated: 0,
    skipped: 0,
    failed: 0,
    messages: [],
    error: null,
  };
}

function stripCancelled(outcome: UserPushOutcome): PushUserProgress {
  const progress: Partial<UserPushOutcome> = { ...outcome };
  delete progress.cancelled;
  delete progress.retryAt;
  return progress as PushUserProgress;
}

/** e.g. "Done. Ann Lee: 3 created, 1 updated, 1 created again after deletion in Outlook." */
export function summarise(status: PushStatus, users: readonly PushUserProgress[]): string {
  const lead: Record<PushStatus, string> = {
    running: 'Running.',
    done: 'Done.',
    partial: 'Done with problems.',
    failed: 'Failed.',
    cancelled: 'Cancelled; resume it to push the rest.',
    interrupted: 'Interrupted; resume it to push the rest.',
  };
  const perUser = users.map((user) => {
    const parts = [`${user.created} created`, `${user.updated} updated`];
    if (user.recreated) parts.push(`${user.recreated} created again after deletion in Outlook`);
    if (user.skipped) parts.push(`${user.skipped} already pushed`);
    if (user.failed) parts.push(`${user.failed} failed`);
    if (user.done < user.total) parts.push(`${user.total - user.done} not pushed`);
    return `${user.userName}: ${parts.join(', ')}.`;
  });
  return [lead[status], ...perUser].join(' ');
}

/** Run statuses in the push's words, and back: a cancelled push is an interrupted run an administrator stopped. */
const runStatusOf: Record<Exclude<PushStatus, 'running'>, JobOutcome['status']> = {
  done: 'success',
  partial: 'partial',
  failed: 'failed',
  cancelled: 'interrupted',
  interrupted: 'interrupted',
};

function pushStatusOf(record: RunRecord): PushStatus {
  const words: Record<RunStatus, PushStatus> = {
    running: 'running',
    success: 'done',
    partial: 'partial',
    failed: 'failed',
    interrupted: record.cancelled ? 'cancelled' : 'interrupted',
    // Never recorded for a push: one started while another runs is refused, not skipped.
    skipped: 'failed',
  };
  return words[record.status];
}

function fromRecord(record: RunRecord): PushProgress {
  const status = pushStatusOf(record);
  return {
    pushId: record.id,
    resumeOf: record.resumeOf,
    status,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    summary: record.summary,
    users: [],
    resumable: resumableStatuses.includes(status),
    revision: 0,
  };
}

/** One user's push as the run detail on the Scheduled jobs page shows it. */
function userResultOf(outcome: UserPushOutcome): UserResult {
  const notPushed = outcome.total - outcome.done;
  const stopped = outcome.cancelled && notPushed > 0;
  const { errors, ...counts } = outcomeInHistory(outcome, outcome.total, 'Push them again, or resume the push on the Contacts page.');
  return {
    userId: String(outcome.userId),
    userName: outcome.userName,
    status: outcome.error ? 'failed' : errors.length > 0 || stopped ? 'partial' : 'success',
    ...counts,
    errors: outcome.error ? [{ message: `The push to ${outcome.userName} stopped.`, explanation: outcome.error }, ...errors] : errors,
    notes: [
      ...counts.notes,
      ...(stopped ? [`${notPushed} of ${outcome.total} records were not pushed: the push stopped before they were sent.`] : []),
    ],
    retryAt: outcome.retryAt?.toISOString() ?? null,
  };
}
