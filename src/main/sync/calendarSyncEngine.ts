/**
 * Two-way calendar sync, one user at a time: Outlook's changes first (so a conflict is seen
 * before anything is pushed over it), then the console's. Each user's run stands alone: a failure
 * is reported for that user and the job goes on with the next.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { WorkspaceUser } from '../../shared/contract';
import type { AccessService } from '../access/accessService';
import { inTransaction } from '../store/transaction';
import { NoConnectedAccountError, type GraphAccessProvider } from '../graph/graphAccess';
import { explainGraphFailure } from '../graph/graphErrors';
import { GraphMailbox, graphIdSegment } from '../graph/graphMailbox';
import { MailboxGates } from '../graph/mailboxGate';
import { defaultRetryPolicy, type RetryPolicy } from '../graph/retryPolicy';
import type { SkippedUser, SyncSource, SyncTask, SyncTaskContext, UserSyncOutcome } from './calendarSyncJob';
import { pullFromOutlook, deltaPageSize } from './calendarPull';
import { pushToOutlook, type PushHooks } from './calendarPush';
import type { AttendeeDirectory } from './eventMapping';
import { EventStore } from './eventStore';
import { noCounts, type UserSyncContext } from './syncContext';
import { SeriesChecks } from './seriesReconcile';
import { SyncRecords } from './syncRecords';

const dayMs = 24 * 3600_000;
/** Without a "sync since" date the window starts this far back, and always ends this far ahead. */
const defaultLookBackDays = 30;
const lookAheadDays = 365;

export type CalendarSyncOptions = {
  db: DatabaseSync;
  now: () => Date;
  graphAccess: GraphAccessProvider;
  access: Pick<AccessService, 'usersWithScope' | 'checkScope'>;
  /** Contacts and leads plug in here when they land; workspace users are always found. */
  directory?: AttendeeDirectory;
  gates?: MailboxGates;
  policy?: RetryPolicy;
  pageSize?: number;
  hooks?: PushHooks;
  /** Events changed (a sync applied something): pages showing them read them again. */
  onChange?: () => void;
};

export class UserAlreadySyncingError extends Error {}

export class CalendarSyncEngine {
  readonly events: EventStore;
  readonly records: SyncRecords;
  readonly directory: AttendeeDirectory;
  private readonly gates: MailboxGates;
  private readonly running = new Set<number>();
  private readonly seriesChecks = new SeriesChecks();

  constructor(private readonly options: CalendarSyncOptions) {
    this.events = new EventStore(options.db);
    this.records = new SyncRecords(options.db);
    this.gates = options.gates ?? new MailboxGates();
    this.directory = options.directory ?? this.usersByEmail();
  }

  get db(): DatabaseSync {
    return this.options.db;
  }

  /** The job's port: every active user with Outlook Calendar access and a connected account. */
  source(): SyncSource {
    return {
      plan: async () => {
        const tasks: SyncTask[] = [];
        const skipped: SkippedUser[] = [];
        const users = this.options.access.usersWithScope('outlookCalendar');
        for (const user of users) {
          if (await this.options.graphAccess(user.id)) tasks.push(this.task(user));
          else
            skipped.push({
              userId: String(user.id),
              userName: user.name,
              reason: 'No Outlook account is connected.',
              explanation: explainGraphFailure(new NoConnectedAccountError(user.id)),
            });
        }
        if (users.length === 0)
          return { tasks, nothingToSync: 'Nothing is configured to sync: no user has Outlook Calendar access (Access control page).' };
        return tasks.length > 0
          ? { tasks, skipped }
          : { tasks, skipped, nothingToSync: 'Nothing was synced: no user with Outlook Calendar access has an Outlook account connected.' };
      },
      explain: (error) => explainGraphFailure(error),
    };
  }

  task(user: Pick<WorkspaceUser, 'id' | 'name'>): SyncTask {
    return { userId: String(user.id), userName: user.name, run: (context) => this.syncUser(user.id, user.name, context) };
  }

  async syncUser(userId: number, userName: string, { log, signal }: SyncTaskContext): Promise<UserSyncOutcome> {
    const check = this.options.access.checkScope(userId, 'outlookCalendar');
    if (!check.granted) throw new Error(check.message);
    if (this.running.has(userId))
      throw new UserAlreadySyncingError(`${userName}'s calendar is already being synced; wait for that sync to finish.`);
    this.running.add(userId);
    try {
      const graph = await this.options.graphAccess(userId);
      if (!graph) throw new NoConnectedAccountError(userId);
      const settings = this.records.settings(userId);
      const box = new GraphMailbox({
        userId,
        access: graph,
        gate: this.gates.for(graph.account.userPrincipalName),
        policy: this.options.policy ?? defaultRetryPolicy,
        signal,
        // waitMs in the fields: the overview's chart adds up each run's throttling waits from them.
        onRetry: (reason, waitMs) =>
          log.info(`${userName}: Outlook answered ${reason}; trying again in ${(waitMs / 1000).toFixed(1)} s.`, {
            waitMs: Math.round(waitMs),
          }),
        onResponse: ({ method, path, status, ms, attempt }) =>
          log.debug(`${userName}: Graph ${method} ${path} answered ${status} in ${ms} ms${attempt > 1 ? ` (try ${attempt})` : ''}.`),
      });
      const ctx: UserSyncContext = {
        db: this.options.db,
        events: this.events,
        records: this.records,
        box,
        userId,
        userName,
        settings,
        window: this.window(userId, settings.syncSince),
        calendarPath: settings.calendarId ? `/me/calendars/${graphIdSegment(settings.calendarId)}` : '/me/calendar',
        seriesChecks: this.seriesChecks,
        seriesCompared: new Set(),
        directory: this.directory,
        now: this.options.now,
        log,
        counts: { toOutlook: noCounts(), fromOutlook: noCounts() },
        errors: [],
        notes: [],
      };
      try {
        if (settings.direction !== 'toOutlook') await pullFromOutlook(ctx, this.options.pageSize ?? deltaPageSize);
        if (settings.direction !== 'fromOutlook') {
          const pushed = await pushToOutlook(ctx, this.options.hooks);
          // Reading the delta once more moves the stored link past our own writes: their echoes are
          // recognised now, and an event made here and deleted in Outlook before the next run is
          // still reported as removed (a delta only reports removals of what it has seen).
          if (pushed > 0 && settings.direction === 'both') await pullFromOutlook(ctx, this.options.pageSize ?? deltaPageSize);
        }
        inTransaction(this.options.db, () =>
          this.records.saveState(userId, {
            ...this.records.state(userId),
            windowStart: ctx.window.start,
            windowEnd: ctx.window.end,
            lastSyncedAt: this.options.now().toISOString(),
          }),
        );
      } finally {
        const { toOutlook, fromOutlook } = ctx.counts;
        if (toOutlook.created + toOutlook.updated + toOutlook.deleted + fromOutlook.created + fromOutlook.updated + fromOutlook.deleted > 0)
          this.options.onChange?.();
      }
      log.info(`${userName}: calendar synced. In Outlook ${words(ctx.counts.toOutlook)}; from Outlook ${words(ctx.counts.fromOutlook)}.`, {
        userId,
      });
      for (const note of ctx.notes) log.warning(`${userName}: ${note}`, { userId });
      return { toOutlook: ctx.counts.toOutlook, fromOutlook: ctx.counts.fromOutlook, errors: ctx.errors, notes: ctx.notes };
    } finally {
      this.running.delete(userId);
    }
  }

  /**
   * Forgets the delta link and every mapping of a user. `keep` leaves the events here (the next
   * sync finds them again by Outlook id and transaction id); `removeFromOutlookCopies` deletes the
   * events that came from this user's Outlook, which the next sync brings back.
   */
  reset(userId: number, existingEvents: 'keep' | 'removeFromOutlookCopies'): number {
    if (this.running.has(userId))
      throw new UserAlreadySyncingError('This calendar is being synced right now; reset it when the sync has finished.');
    return inTransaction(this.options.db, () => {
      let removed = 0;
      if (existingEvents === 'removeFromOutlookCopies') {
        for (const id of this.events.fromOutlookOf(userId)) {
          this.events.purge(id);
          removed++;
        }
      }
      this.records.deleteLinksOf(userId);
      this.records.saveState(userId, { deltaLink: null, windowStart: null, windowEnd: null, lastSyncedAt: null });
      return removed;
    });
  }

  /** A fresh window when there is no delta link; the delta link's own window otherwise. */
  private window(userId: number, syncSince: string | null): { start: string; end: string } {
    const state = this.records.state(userId);
    if (state.deltaLink && state.windowStart && state.windowEnd) return { start: state.windowStart, end: state.windowEnd };
    const now = this.options.now().getTime();
    const start = syncSince
      ? `${syncSince}T00:00:00.000Z`
      : new Date(Math.floor((now - defaultLookBackDays * dayMs) / dayMs) * dayMs).toISOString();
    return { start, end: new Date(Math.floor((now + lookAheadDays * dayMs) / dayMs) * dayMs).toISOString() };
  }

  private usersByEmail(): AttendeeDirectory {
    const find = this.options.db.prepare('SELECT name FROM users WHERE email = ? COLLATE NOCASE');
    return (email) => {
      const row = find.get(email) as { name: string } | undefined;
      return row ? { kind: 'user', name: row.name } : undefined;
    };
  }
}

function words(counts: { created: number; updated: number; deleted: number }): string {
  return `${counts.created} created, ${counts.updated} updated, ${counts.deleted} deleted`;
}
