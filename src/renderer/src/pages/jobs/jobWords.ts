import type { RunStatus, RunSummary } from '../../../../shared/contract';

/** Times read in the administrator's zone, the same one the schedule is read in: the console's one date format. */
export { formatDateTime as formatTime } from '../../format/dateTime';

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

export const statusLabels: Record<RunStatus, string> = {
  running: 'Running',
  success: 'Success',
  partial: 'Partial',
  failed: 'Failed',
  skipped: 'Skipped',
  interrupted: 'Interrupted',
};

export const triggerLabels: Record<RunSummary['trigger'], string> = { schedule: 'Schedule', manual: 'Run now', catchUp: 'Catch-up' };
