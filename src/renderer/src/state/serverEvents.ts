import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { ChannelOutput, EventName, EventPayload, JobSummary, PushProgress, RunSummary } from '../../../shared/contract';
import type { ContractClient } from '../client/contractClient';
import { queryKeys } from './queryKeys';

/** The `*.changed` events (and the two progress streams) the renderer's cache follows. */
type FollowedEvent =
  | 'access.changed'
  | 'accounts.changed'
  | 'calendar.changed'
  | 'contacts.changed'
  | 'contacts.pushProgress'
  | 'email.changed'
  | 'integration.changed'
  | 'jobs.changed'
  | 'jobs.runChanged'
  | 'settings.changed'
  | 'status.changed'
  | 'vault.changed';

type EventRule<E extends EventName> = {
  /** The queries this event makes stale: each is read again if a page shows it, at once. */
  invalidates: (payload: EventPayload<E>, cache: QueryClient) => readonly QueryKey[];
  /** When the event carries the new value itself: written into the cache without a read. */
  update?: (cache: QueryClient, payload: EventPayload<E>) => void;
};

/**
 * Which queries each event makes stale: the one place that knows. A page only reads its queries
 * (state/queryKeys.ts); the console's events keep them current.
 */
export const eventRules: { [E in FollowedEvent]: EventRule<E> } = {
  // Users and roles: the access page, every user picker, each user's accounts and contacts rights.
  'access.changed': { invalidates: () => [queryKeys.access, queryKeys.accounts] },
  // A connected account: the accounts table, the email page's accounts, the overview's counts.
  'accounts.changed': { invalidates: () => [queryKeys.accounts, queryKeys.email, queryKeys.overview] },
  'calendar.changed': { invalidates: () => [queryKeys.calendar] },
  'contacts.changed': { invalidates: () => [queryKeys.contacts] },
  'contacts.pushProgress': {
    // A finished push may have changed the "in Outlook" column of the lists and the record.
    invalidates: (progress) =>
      progress.status === 'running'
        ? []
        : [
            ['contacts', 'people'],
            ['contacts', 'person'],
          ],
    update: (cache, progress) => cache.setQueryData<PushProgress[]>(queryKeys.contactsPushes, (pushes) => notePush(pushes, progress)),
  },
  'email.changed': { invalidates: () => [queryKeys.email] },
  'integration.changed': {
    // The mode and the readiness of the integration decide what the accounts and email pages show.
    invalidates: () => [queryKeys.accounts, queryKeys.email],
    update: (cache, view) => cache.setQueryData(queryKeys.integration, view),
  },
  'jobs.changed': {
    invalidates: () => [queryKeys.overview],
    update: (cache, job) => cache.setQueryData<ChannelOutput<'jobs.list'>>(queryKeys.jobsList, (list) => withJob(list, job)),
  },
  'jobs.runChanged': {
    // A run the history page already shows is replaced in place; a new one means the page is read again.
    invalidates: (run, cache) => [
      queryKeys.jobRun(run.id),
      ...(run.status === 'running' ? [] : [queryKeys.overview]),
      ...(historyShows(cache, run) ? [] : [queryKeys.jobHistoryOf(run.jobId)]),
    ],
    update: (cache, run) => {
      cache.setQueriesData<ChannelOutput<'jobs.history'>>(
        { queryKey: queryKeys.jobHistoryOf(run.jobId) },
        (page) => page && { ...page, runs: page.runs.map((row) => (row.id === run.id ? run : row)) },
      );
      // The job's live progress comes with the run events; its other fields with jobs.changed.
      cache.setQueryData<ChannelOutput<'jobs.list'>>(queryKeys.jobsList, (list) => {
        const job = list?.jobs.find((candidate) => candidate.id === run.jobId);
        return job ? withJob(list, { ...job, running: run.status === 'running' ? run : null }) : list;
      });
    },
  },
  'settings.changed': { invalidates: () => [], update: (cache, settings) => cache.setQueryData(queryKeys.settings, settings) },
  'status.changed': { invalidates: () => [], update: (cache, status) => cache.setQueryData(queryKeys.status, status) },
  'vault.changed': { invalidates: () => [], update: (cache, vault) => cache.setQueryData(queryKeys.vault, vault) },
};

/** Subscribes the cache to the console's events; returns the unsubscribe. */
export function followServerEvents(client: ContractClient, cache: QueryClient): () => void {
  const stops = (Object.keys(eventRules) as FollowedEvent[]).map((event) =>
    client.on(event, (payload) => {
      const rule = eventRules[event] as EventRule<typeof event>;
      // Before the invalidation, so a rule that looks at the cache sees it as the event left it.
      const keys = rule.invalidates(payload as never, cache);
      rule.update?.(cache, payload as never);
      for (const queryKey of keys) void cache.invalidateQueries({ queryKey });
    }),
  );
  return () => stops.forEach((stop) => stop());
}

function withJob(list: ChannelOutput<'jobs.list'> | undefined, job: JobSummary): ChannelOutput<'jobs.list'> | undefined {
  return list && { ...list, timeZone: job.timeZone, jobs: list.jobs.map((current) => (current.id === job.id ? job : current)) };
}

/** Whether a history page in the cache already lists this run (then the event's copy replaces it). */
function historyShows(cache: QueryClient, run: RunSummary): boolean {
  return cache
    .getQueriesData<ChannelOutput<'jobs.history'>>({ queryKey: queryKeys.jobHistoryOf(run.jobId) })
    .some(([, page]) => page?.runs.some((row) => row.id === run.id));
}

/** Pushes running now and the recent ones, newest first; an older progress report never replaces a newer one. */
export function notePush(pushes: PushProgress[] | undefined, progress: PushProgress): PushProgress[] {
  const known = pushes?.find((push) => push.pushId === progress.pushId);
  if (pushes && known && known.revision > progress.revision) return pushes;
  const others = (pushes ?? []).filter((push) => push.pushId !== progress.pushId);
  return [progress, ...others].sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, 10);
}
