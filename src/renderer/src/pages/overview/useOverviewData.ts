import { useEffect, useState } from 'react';
import type { AccountsView, DiagnosticsReport, JobSummary } from '../../../../shared/contract';
import type { ContractClient } from '../../client/contractClient';

export type OverviewData = {
  accounts?: AccountsView;
  jobs?: JobSummary[];
  timeZone?: string;
  diagnostics?: DiagnosticsReport;
  /** What could not be read, in words; the rest of the overview still shows. */
  problems: string[];
};

/**
 * What the overview reads besides the store's status and integration: the accounts, the jobs and
 * the latest Diagnostics results (not a new run: the overview must open at once). Read again when
 * a run or an account changes.
 */
export function useOverviewData(client: ContractClient | undefined): OverviewData {
  const [data, setData] = useState<OverviewData>({ problems: [] });
  useEffect(() => {
    if (!client) return;
    let current = true;
    const load = async () => {
      const [accounts, jobs, diagnostics] = await Promise.allSettled([
        client.call('accounts.list'),
        client.call('jobs.list'),
        client.call('diagnostics.get'),
      ]);
      if (!current) return;
      const problems = [
        accounts.status === 'rejected' && `The accounts could not be read: ${(accounts.reason as Error).message}`,
        jobs.status === 'rejected' && `The scheduled jobs could not be read: ${(jobs.reason as Error).message}`,
        diagnostics.status === 'rejected' && `The Diagnostics results could not be read: ${(diagnostics.reason as Error).message}`,
      ].filter((problem): problem is string => Boolean(problem));
      setData({
        accounts: accounts.status === 'fulfilled' ? accounts.value : undefined,
        jobs: jobs.status === 'fulfilled' ? jobs.value.jobs : undefined,
        timeZone: jobs.status === 'fulfilled' ? jobs.value.timeZone : undefined,
        diagnostics: diagnostics.status === 'fulfilled' ? diagnostics.value : undefined,
        problems,
      });
    };
    void load();
    const reload = () => void load();
    const stops = [client.on('jobs.changed', reload), client.on('accounts.changed', reload)];
    // A run finishing changes the last runs; while one runs, its progress events would reload too often.
    stops.push(client.on('jobs.runChanged', (run) => run.status !== 'running' && reload()));
    return () => {
      current = false;
      stops.forEach((stop) => stop());
    };
  }, [client]);
  return data;
}
