import type { DiagnosticCheck } from '../contract/featureModule';
import { calendarSyncJobId } from './calendarSyncJob';
import type { JobScheduler } from '../jobs/jobScheduler';

/** The guide's first troubleshooting step: is the scheduled job running, and did its last run work? */
export function calendarSyncChecks(jobs: JobScheduler, now: () => Date): DiagnosticCheck[] {
  return [
    {
      id: 'jobs.calendarSync',
      title: 'Outlook Calendar Sync job',
      category: 'Sync',
      run: () => {
        const job = jobs.summary(calendarSyncJobId);
        if (!job.active)
          return {
            status: 'fail',
            summary: 'The Outlook Calendar Sync job is paused: nothing syncs on its own.',
            fix: 'Switch the job to Active on the Scheduled jobs page.',
          };
        const last = job.lastRun;
        if (!last)
          return {
            status: 'warn',
            summary: `The job is active (${job.cron}) but has not run yet.`,
            fix: 'Wait for its next run, or click Run now on the Scheduled jobs page.',
          };
        if (last.status === 'skipped') {
          return {
            status: 'warn',
            summary: `The job is active (${job.cron}) but its last run had nothing to sync: ${last.summary}`,
            fix: 'Give users Outlook Calendar access on the Access control page and have them connect their Outlook accounts on the Accounts page.',
          };
        }
        const ageMinutes = Math.round((now().getTime() - Date.parse(last.startedAt)) / 60_000);
        const interval = job.nextRuns.length >= 2 ? (Date.parse(job.nextRuns[1]) - Date.parse(job.nextRuns[0])) / 60_000 : 10;
        if (last.status === 'failed' || last.status === 'interrupted') {
          return {
            status: 'fail',
            summary: `The last run ${ageMinutes} minutes ago ${last.status === 'failed' ? 'failed' : 'was interrupted'}: ${last.summary}`,
            fix: 'Open the run on the Scheduled jobs page to see each user’s error and its fix.',
          };
        }
        if (ageMinutes > interval * 3) {
          return {
            status: 'warn',
            summary: `The last run was ${ageMinutes} minutes ago, though the job runs every ${Math.round(interval)} minutes.`,
            fix: 'Check that the console (or its tray icon) kept running; the Logs page shows when it stopped.',
          };
        }
        if (last.status === 'partial')
          return {
            status: 'warn',
            summary: `The last run ${ageMinutes} minutes ago worked for some users only: ${last.summary}`,
            fix: 'Open the run on the Scheduled jobs page to see which users failed and why.',
          };
        return { status: 'pass', summary: `The job is active (${job.cron}); its last run ${ageMinutes} minutes ago: ${last.summary}` };
      },
    },
  ];
}
