import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { ChannelOutput, JobSummary, RunSummary } from '../../../shared/contract';
import { queryKeys } from './queryKeys';

type JobsList = ChannelOutput<'jobs.list'>;
type HistoryPage = ChannelOutput<'jobs.history'>;

/** `jobs.changed` carries the job: written into the list (with the zone its times are read in) without a read. */
export function noteJob(cache: QueryClient, job: JobSummary): void {
  cache.setQueryData<JobsList>(
    queryKeys.jobsList,
    (list) => list && { ...list, timeZone: job.timeZone, jobs: list.jobs.map((known) => (known.id === job.id ? job : known)) },
  );
}

/**
 * `jobs.runChanged`: the job's live progress comes with the run events (its other fields with
 * jobs.changed); a history page showing the run takes it in place, one that does not is read again.
 */
export function noteRun(cache: QueryClient, run: RunSummary): void {
  cache.setQueryData<JobsList>(
    queryKeys.jobsList,
    (list) =>
      list && {
        ...list,
        jobs: list.jobs.map((job) => (job.id === run.jobId ? { ...job, running: run.status === 'running' ? run : null } : job)),
      },
  );
  for (const [queryKey, page] of cache.getQueriesData<HistoryPage>({ queryKey: queryKeys.jobHistoryAll(run.jobId) })) {
    if (page?.runs.some((row) => row.id === run.id)) {
      cache.setQueryData<HistoryPage>(queryKey, { ...page, runs: page.runs.map((row) => (row.id === run.id ? run : row)) });
    } else readSoon(cache, queryKey);
  }
  // An open run's detail (every user's result) is read again while the run goes on, not once per
  // event, and less often the more users it has; its final state is read at once (below).
  if (run.status === 'running') readSoon(cache, queryKeys.jobRun(run.id), runDetailReadDelayMs(run.usersTotal));
}

/**
 * How long an open run's detail waits before it is read again: 300 ms up to 1,000 users, then in
 * proportion, up to 3 s at 10,000. A read costs the console time in proportion to the users (each
 * one's result from SQLite, to JSON, over the bridge), and it shares the console with the run.
 */
export function runDetailReadDelayMs(usersTotal: number): number {
  return Math.min(3_000, Math.max(300, usersTotal * 0.3));
}

/** What a finished run makes stale at once: its detail, and what the overview shows of it. */
export function runInvalidates(run: RunSummary): readonly QueryKey[] {
  if (run.status === 'running') return [];
  return [queryKeys.jobRun(run.id), queryKeys.jobsList, queryKeys.jobTrendsAll(run.jobId), queryKeys.accountsList, queryKeys.diagnostics];
}

// Runs can change several times a second while users sync: a history page is read at most every 300 ms.
const waiting = new WeakMap<QueryClient, Set<string>>();
function readSoon(cache: QueryClient, queryKey: QueryKey, delayMs = 300): void {
  let keys = waiting.get(cache);
  if (!keys) waiting.set(cache, (keys = new Set()));
  const id = JSON.stringify(queryKey);
  if (keys.has(id)) return;
  keys.add(id);
  setTimeout(() => {
    keys.delete(id);
    void cache.invalidateQueries({ queryKey, exact: true });
  }, delayMs);
}
