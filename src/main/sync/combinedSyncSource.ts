import { ExplainedError } from '../errors/explainedError';
import type { SyncSource } from './calendarSyncJob';

/**
 * One scheduled job, several features: calendar sync and the contacts push each give their
 * per-user tasks, run one after another in the same job run and history.
 */
export function combineSyncSources(...sources: readonly SyncSource[]): SyncSource {
  return {
    async plan() {
      const plans = await Promise.all(sources.map((source) => source.plan()));
      const tasks = plans.flatMap((plan) => plan.tasks);
      const skipped = plans.flatMap((plan) => plan.skipped ?? []);
      if (tasks.length > 0) return { tasks, skipped };
      const reasons = [...new Set(plans.map((plan) => plan.nothingToSync).filter((reason): reason is string => Boolean(reason)))];
      return { tasks, skipped, nothingToSync: reasons.join(' ') || undefined };
    },
    explain(error) {
      if (error instanceof ExplainedError) return error.explanation;
      return sources[0]?.explain(error) ?? (error instanceof Error ? error.message : String(error));
    },
  };
}
