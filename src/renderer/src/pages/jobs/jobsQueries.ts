import type { HistorySort, RunStatus } from '../../../../shared/contract';
import { queryKeys } from '../../state/queryKeys';
import { useServerQuery } from '../../state/serverState';

export const historyPageSize = 50;

/** How the history is shown: UI state of the page, part of the history's query key. */
export type HistoryView = { statuses: RunStatus[]; sort: HistorySort; descending: boolean; page: number };

export const firstHistoryView: HistoryView = { statuses: [], sort: 'startedAt', descending: true, page: 0 };

/** The jobs, the zone their times are read in, the history retention and the sync limits. */
export const useJobsList = () => useServerQuery(queryKeys.jobsList, (client) => client.call('jobs.list'));

/** One page of a job's runs, sorted and filtered by the core; the page shown stays until the next one is read. */
export const useJobHistory = (jobId: string, view: HistoryView) =>
  useServerQuery(
    queryKeys.jobHistory(jobId, view),
    (client) =>
      client.call('jobs.history', {
        jobId,
        statuses: view.statuses.length > 0 ? view.statuses : undefined,
        sort: view.sort,
        descending: view.descending,
        page: view.page,
        pageSize: historyPageSize,
      }),
    { keepPreviousData: true },
  );

/** The run the address names (#/jobs/runs/:id), read again while its events arrive. */
export const useRunDetail = (runId: string | undefined) =>
  useServerQuery(queryKeys.jobRun(runId ?? ''), (client) => client.call('jobs.runDetail', { runId: runId! }), {
    enabled: Boolean(runId),
  });

/** The zone the jobs' times are read in: the console's, as `jobs.list` and `jobs.changed` say it. */
export function useJobsTimeZone(): string {
  const list = useJobsList();
  return list.data?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}
