import { ContractError } from '../../shared/contract';
import type { HandlerRegistry } from '../contract/handlerRegistry';
import type { SettingsService } from '../settings/settingsService';
import { describeCron, nextRuns, requireValidCron } from './cronPreview';
import type { JobHistory } from './jobHistory';
import type { JobScheduler } from './jobScheduler';
import { readRunTrends } from './runTrends';

export type JobHandlerDeps = { scheduler: JobScheduler; history: JobHistory; settings: SettingsService; now: () => Date };

export function registerJobHandlers(registry: HandlerRegistry, { scheduler, history, settings, now }: JobHandlerDeps): void {
  registry.handle('jobs.list', () => ({
    jobs: scheduler.list(),
    timeZone: scheduler.timeZone,
    retention: settings.get().jobHistory,
    syncLimits: settings.get().syncLimits,
  }));
  registry.handle('jobs.preview', ({ cron }) => {
    const valid = requireValidCron(cron);
    return {
      nextRuns: nextRuns(valid, { after: now(), timeZone: scheduler.timeZone }).map((date) => date.toISOString()),
      timeZone: scheduler.timeZone,
      description: describeCron(valid),
    };
  });
  registry.handle('jobs.update', ({ jobId, cron, active }) => scheduler.update(jobId, { cron, active }));
  registry.handle('jobs.runNow', ({ jobId }) => ({ run: scheduler.runNow(jobId) }));
  registry.handle('jobs.history', (query) => history.query(query));
  registry.handle('jobs.trends', ({ jobId, days }) => ({
    jobId,
    timeZone: scheduler.timeZone,
    ...readRunTrends(history.database, { jobId, days, timeZone: scheduler.timeZone, now: now() }),
  }));
  registry.handle('jobs.runDetail', ({ runId }) => {
    const detail = scheduler.detail(runId);
    if (!detail) {
      throw new ContractError('NOT_FOUND', 'This run is no longer in the history: it was removed by the retention rule.', [
        { field: 'runId', message: 'No run has this id.' },
      ]);
    }
    return detail;
  });
  registry.handle('jobs.setRetention', (patch) => {
    const next = settings.update({ jobHistory: patch }).jobHistory;
    scheduler.prune();
    return next;
  });
  // Read by every Graph request of the next runs (and of the one running now).
  registry.handle('jobs.setSyncLimits', (patch) => settings.update({ syncLimits: patch }).syncLimits);
}
