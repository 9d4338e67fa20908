import { create } from 'zustand';
import type { HistoryRetention, HistorySort, JobSummary, RunDetail, RunStatus, RunSummary, SyncLimits } from '../../../../shared/contract';
import type { ContractClient } from '../../client/contractClient';

export const historyPageSize = 50;

export type HistoryView = { statuses: RunStatus[]; sort: HistorySort; descending: boolean; page: number };

type JobsState = {
  jobs: JobSummary[];
  timeZone: string;
  retention?: HistoryRetention;
  syncLimits?: SyncLimits;
  selectedJobId?: string;
  view: HistoryView;
  runs: RunSummary[];
  total: number;
  loading: boolean;
  error?: string;
  detail?: RunDetail;
  start(client: ContractClient): () => void;
  setView(client: ContractClient, change: Partial<HistoryView>): Promise<void>;
  refresh(client: ContractClient): Promise<void>;
  openRun(client: ContractClient, runId: string): Promise<void>;
  closeRun(): void;
  upsertJob(job: JobSummary): void;
  /** Shows another job's card and history (the calendar sync, Check email accounts). */
  selectJob(client: ContractClient, jobId: string): Promise<void>;
};

export const useJobs = create<JobsState>((set, get) => {
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  // A filter change and a run event can both read the history: only the newest read is shown.
  let latestRead = 0;
  // Runs can change several times a second while users sync: refetch the page at most every 300 ms.
  const refreshSoon = (client: ContractClient) => {
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      void get().refresh(client);
    }, 300);
  };
  return {
    jobs: [],
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    view: { statuses: [], sort: 'startedAt', descending: true, page: 0 },
    runs: [],
    total: 0,
    loading: true,
    start(client) {
      const stopJobs = client.on('jobs.changed', (job) => {
        get().upsertJob(job);
        set({ timeZone: job.timeZone });
      });
      const stopRuns = client.on('jobs.runChanged', (run) => {
        const state = get();
        if (run.jobId !== state.selectedJobId) return;
        const index = state.runs.findIndex((row) => row.id === run.id);
        if (index >= 0) set({ runs: state.runs.map((row, position) => (position === index ? run : row)) });
        else refreshSoon(client);
        // The job's live progress comes with the run events; its other fields with jobs.changed.
        set({ jobs: get().jobs.map((job) => (job.id === run.jobId ? { ...job, running: run.status === 'running' ? run : null } : job)) });
        if (state.detail?.id === run.id) void get().openRun(client, run.id);
      });
      client
        .call('jobs.list')
        .then(({ jobs, timeZone, retention, syncLimits }) => {
          set({ jobs, timeZone, retention, syncLimits, selectedJobId: get().selectedJobId ?? jobs[0]?.id });
          return get().refresh(client);
        })
        .catch((error: Error) => set({ error: `The scheduled jobs could not be loaded: ${error.message}`, loading: false }));
      return () => {
        stopJobs();
        stopRuns();
        clearTimeout(refreshTimer);
        refreshTimer = undefined;
      };
    },
    async setView(client, change) {
      // A new filter or sort starts again from the first page.
      const page = change.page ?? 0;
      set({ view: { ...get().view, ...change, page } });
      await get().refresh(client);
    },
    async refresh(client) {
      const { selectedJobId: jobId, view } = get();
      if (!jobId) return;
      set({ loading: true });
      const read = ++latestRead;
      try {
        const { runs, total } = await client.call('jobs.history', {
          jobId,
          statuses: view.statuses.length > 0 ? view.statuses : undefined,
          sort: view.sort,
          descending: view.descending,
          page: view.page,
          pageSize: historyPageSize,
        });
        if (read === latestRead) set({ runs, total, loading: false, error: undefined });
      } catch (error) {
        set({ error: `The job history could not be loaded: ${(error as Error).message}`, loading: false });
      }
    },
    async openRun(client, runId) {
      try {
        set({ detail: await client.call('jobs.runDetail', { runId }) });
      } catch (error) {
        set({ error: `The run could not be opened: ${(error as Error).message}` });
      }
    },
    closeRun: () => set({ detail: undefined }),
    upsertJob: (job) => set({ jobs: get().jobs.map((current) => (current.id === job.id ? job : current)) }),
    async selectJob(client, jobId) {
      if (jobId === get().selectedJobId) return;
      set({ selectedJobId: jobId, detail: undefined, runs: [], total: 0, view: { ...get().view, page: 0 } });
      await get().refresh(client);
    },
  };
});

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
