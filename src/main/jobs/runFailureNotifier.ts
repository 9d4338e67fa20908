import type { Route, RunSummary } from '../../shared/contract';

/** A desktop notification that opens the console on the place it is about when clicked. */
export type NotifyDesktop = (title: string, body: string, route?: Route) => void;

/**
 * Tells the administrator, away from the console, that a run nobody started by hand failed, with
 * a link to that run. Only the first failure of a streak is told: a job that fails every minute
 * (the email check with a wrong password) notifies once, and again after it has recovered.
 */
export function createRunFailureNotifier(options: {
  jobName: (jobId: string) => string;
  notify: NotifyDesktop;
}): (run: RunSummary) => void {
  const lastStatus = new Map<string, RunSummary['status']>();
  return (run) => {
    if (run.status === 'running' || run.status === 'skipped') return;
    const before = lastStatus.get(run.jobId);
    lastStatus.set(run.jobId, run.status);
    if (run.status !== 'failed' || run.trigger === 'manual' || before === 'failed') return;
    options.notify(`${options.jobName(run.jobId)} failed`, run.summary, { page: 'jobs', runId: run.id });
  };
}
