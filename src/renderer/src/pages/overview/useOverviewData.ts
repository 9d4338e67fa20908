import type { AccountsView, DiagnosticsReport, JobSummary } from '../../../../shared/contract';
import { queryKeys } from '../../state/queryKeys';
import { useServerQuery } from '../../state/serverState';

export type OverviewData = {
  accounts?: AccountsView;
  jobs?: JobSummary[];
  timeZone?: string;
  diagnostics?: DiagnosticsReport;
  /** What could not be read, in words; the rest of the overview still shows. */
  problems: string[];
};

/**
 * What the overview reads besides the console's status and integration: the accounts, the jobs and
 * the latest Diagnostics results (not a new run: the overview must open at once). The accounts' and
 * the jobs' events keep them current; a finished run reads them again (state/jobsCache.ts).
 */
export function useOverviewData(): OverviewData {
  const accounts = useServerQuery(queryKeys.accountsList, (client) => client.call('accounts.list'));
  // The same query the Scheduled jobs page reads (one cache entry), named here so pages do not import each other.
  const jobs = useServerQuery(queryKeys.jobsList, (client) => client.call('jobs.list'));
  const diagnostics = useServerQuery(queryKeys.diagnostics, (client) => client.call('diagnostics.get'));
  const problems = [
    accounts.error && `The accounts could not be read: ${accounts.error.message}`,
    jobs.error && `The scheduled jobs could not be read: ${jobs.error.message}`,
    diagnostics.error && `The Diagnostics results could not be read: ${diagnostics.error.message}`,
  ].filter((problem): problem is string => Boolean(problem));
  return {
    accounts: accounts.data,
    jobs: jobs.data?.jobs,
    timeZone: jobs.data?.timeZone,
    diagnostics: diagnostics.data,
    problems,
  };
}
