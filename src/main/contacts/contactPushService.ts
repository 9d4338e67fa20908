/**
 * Pushes from the list and the detail view: checks every chosen user first (Outlook Contacts
 * access, a connected account), then pushes to each user's mailbox at once (different mailboxes do
 * not share Outlook's limit), reports progress, stops between groups when cancelled, and keeps each
 * push in SQLite so a cancelled or interrupted one can be resumed without duplicates.
 */
import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import {
  ContractError,
  type PersonSelection,
  type PushProgress,
  type PushStatus,
  type PushUserProgress,
  type WorkspaceUser,
} from '../../shared/contract';
import type { GraphAccess, GraphAccessProvider } from '../graph/graphAccess';
import { GraphMailbox } from '../graph/graphMailbox';
import type { MailboxGates } from '../graph/mailboxGate';
import type { RetryPolicy } from '../graph/retryPolicy';
import type { Logger } from '../logs/logService';
import type { ContactSettingsStore } from './contactSettingsStore';
import { pushToUser, type UserPushOutcome } from './contactPush';
import type { ContactsInDoubt } from './contactsInDoubt';
import type { OutlookLinks } from './outlookLinks';
import type { PeopleRepository } from './peopleRepository';

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
  now: () => Date;
  log: Logger;
  onProgress: (progress: PushProgress) => void;
  /** Least time between two progress events of one push. */
  progressIntervalMs?: number;
};

type ActivePush = { progress: PushProgress; cancelled: boolean; done: Promise<void>; lastEmit: number };
type PushRow = {
  id: string;
  resume_of: string | null;
  started_at: string;
  finished_at: string | null;
  status: PushStatus;
  selection: string;
  user_ids: string;
  summary: string;
};

const resumableStatuses: readonly PushStatus[] = ['cancelled', 'interrupted', 'partial', 'failed'];

export class ContactPushService {
  private readonly active = new Map<string, ActivePush>();
  private readonly finished = new Map<string, PushProgress>();

  constructor(private readonly options: ContactPushServiceOptions) {
    // A push that was running when the console stopped did not finish: say so, and offer to resume it.
    options.db
      .prepare(
        "UPDATE contact_pushes SET status = 'interrupted', summary = 'Interrupted when the console stopped; resume it to push the rest.' WHERE status = 'running'",
      )
      .run();
  }

  /** Refuses before anything is sent when a chosen user cannot be pushed to; otherwise starts. */
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
    const id = randomUUID();
    const startedAt = this.options.now().toISOString();
    this.options.db
      .prepare(
        "INSERT INTO contact_pushes (id, resume_of, started_at, status, selection, user_ids, summary) VALUES (?, ?, ?, 'running', ?, ?, ?)",
      )
      .run(id, resumeOf?.id ?? null, startedAt, JSON.stringify(selection), JSON.stringify(targets.map(({ user }) => user.id)), 'Running…');
    const people = this.options.people.many(ids);
    const progress: PushProgress = {
      pushId: id,
      resumeOf: resumeOf?.id ?? null,
      status: 'running',
      startedAt,
      finishedAt: null,
      summary: `Pushing ${people.length} ${people.length === 1 ? 'record' : 'records'} to ${targets.map(({ user }) => user.name).join(', ')}…`,
      users: targets.map(({ user }) => emptyProgress(user, people.length)),
      resumable: false,
      revision: 0,
    };
    const push: ActivePush = { progress, cancelled: false, done: Promise.resolve(), lastEmit: 0 };
    this.active.set(id, push);
    this.options.log.info(`Contacts push ${id} started: ${people.length} records to ${targets.length} users.`, {
      pushId: id,
      resumeOf: resumeOf?.id,
    });
    push.done = Promise.all(
      targets.map(async ({ user, access }, index) => {
        const outcome = await pushToUser({
          userId: user.id,
          userName: user.name,
          mailbox: this.mailboxFor(user.id, access),
          folderId: this.options.settings.get(user.id).folderId,
          people,
          links: this.options.links,
          inDoubt: this.options.inDoubt,
          db: this.options.db,
          now: this.options.now,
          alreadyPushedSince: resumeOf?.since,
          isCancelled: () => push.cancelled,
          onProgress: (userProgress) => {
            progress.users[index] = userProgress;
            this.emit(push, false);
          },
        });
        progress.users[index] = stripCancelled(outcome);
        return outcome;
      }),
    ).then((outcomes) => this.finish(push, outcomes));
    this.emit(push, true);
    return structuredClone(progress);
  }

  async resume(pushId: string): Promise<PushProgress> {
    if (this.active.has(pushId))
      throw new ContractError('CONFLICT', 'This push is still running: wait for it to finish or cancel it first.');
    const row = this.row(pushId);
    if (!row) throw new ContractError('NOT_FOUND', 'This push is no longer known.', [{ field: 'pushId', message: 'No push has this id.' }]);
    if (!resumableStatuses.includes(row.status))
      throw new ContractError(
        'CONFLICT',
        'This push finished without problems: there is nothing to resume. Push again to update the contacts.',
      );
    // Resuming a resumed push still skips what the first one did: the threshold is where the chain began.
    let root = row;
    for (
      let parent = root.resume_of ? this.row(root.resume_of) : undefined;
      parent;
      parent = parent.resume_of ? this.row(parent.resume_of) : undefined
    )
      root = parent;
    return this.start(JSON.parse(row.selection) as PersonSelection, JSON.parse(row.user_ids) as number[], {
      id: pushId,
      since: root.started_at,
    });
  }

  cancel(pushId: string): void {
    const push = this.active.get(pushId);
    if (!push)
      throw new ContractError('NOT_FOUND', 'This push is not running any more.', [
        { field: 'pushId', message: 'No running push has this id.' },
      ]);
    push.cancelled = true;
    this.options.log.info(`Contacts push ${pushId} cancelled; the requests already sent finish first.`, { pushId });
  }

  /** Pushes running now and the recent ones, newest first. */
  list(): PushProgress[] {
    const rows = this.options.db.prepare('SELECT * FROM contact_pushes ORDER BY started_at DESC LIMIT 10').all() as PushRow[];
    return rows.map((row) => {
      const known = this.active.get(row.id)?.progress ?? this.finished.get(row.id);
      return known ? structuredClone(known) : fromRow(row);
    });
  }

  /** Pushes the given records to one user: the scheduled push's way in. */
  async pushForUser(userId: number, personIds: readonly number[], isCancelled: () => boolean, log: Logger): Promise<UserPushOutcome> {
    const user = this.options.access.requireScope(userId, 'outlookContacts');
    const access = await this.accessOf(user);
    return pushToUser({
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
    });
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

  /** Cancels running pushes and waits for their last requests, so every answer is recorded. */
  async shutdown(): Promise<void> {
    for (const push of this.active.values()) push.cancelled = true;
    await Promise.all([...this.active.values()].map((push) => push.done));
  }

  private finish(push: ActivePush, outcomes: readonly UserPushOutcome[]): void {
    const { progress } = push;
    const failed = outcomes.some((outcome) => outcome.error !== null);
    const itemFailures = outcomes.some((outcome) => outcome.failed > 0);
    const status: PushStatus =
      push.cancelled && outcomes.some((outcome) => outcome.cancelled)
        ? 'cancelled'
        : failed && outcomes.every((outcome) => outcome.error !== null)
          ? 'failed'
          : failed || itemFailures
            ? 'partial'
            : 'done';
    progress.status = status;
    progress.finishedAt = this.options.now().toISOString();
    progress.summary = summarise(status, progress.users);
    progress.resumable = resumableStatuses.includes(status);
    this.options.db
      .prepare('UPDATE contact_pushes SET status = ?, finished_at = ?, summary = ? WHERE id = ?')
      .run(status, progress.finishedAt, progress.summary, progress.pushId);
    this.options.log[status === 'done' ? 'info' : 'warning'](`Contacts push ${progress.pushId}: ${progress.summary}`, {
      pushId: progress.pushId,
    });
    for (const user of progress.users)
      if (user.error) this.options.log.warning(`${user.userName}: ${user.error}`, { pushId: progress.pushId, userId: user.userId });
    this.active.delete(progress.pushId);
    this.finished.set(progress.pushId, progress);
    if (this.finished.size > 20) this.finished.delete(this.finished.keys().next().value!);
    this.emit(push, true);
  }

  private emit(push: ActivePush, force: boolean): void {
    const at = Date.now();
    if (!force && at - push.lastEmit < (this.options.progressIntervalMs ?? 250)) return;
    push.lastEmit = at;
    push.progress.revision += 1;
    this.options.onProgress(structuredClone(push.progress));
  }

  private row(id: string): PushRow | undefined {
    return this.options.db.prepare('SELECT * FROM contact_pushes WHERE id = ?').get(id) as PushRow | undefined;
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

function fromRow(row: PushRow): PushProgress {
  return {
    pushId: row.id,
    resumeOf: row.resume_of,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    summary: row.summary,
    users: [],
    resumable: resumableStatuses.includes(row.status),
    revision: 0,
  };
}
