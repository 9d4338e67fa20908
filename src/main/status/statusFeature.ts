import type { FinishedRunStatus } from '../../shared/contract';
import type { EventSubscription, FeatureModule } from '../contract/featureModule';
import type { PlatformServices } from '../contract/platformServices';
import { readStatus, registerStatusHandlers, type StatusSources } from './statusService';

/** The status bar's facts, announced again whenever one of the facts it gathers changes. */
export function createStatusFeature(
  { events, jobHistory }: PlatformServices,
  ports: Omit<StatusSources, 'lastSync'> & { calendarSyncJobId: string },
): { module: FeatureModule; announce: () => void } {
  const lastSync = () => {
    const last = jobHistory.latest(ports.calendarSyncJobId, ['success', 'partial', 'failed', 'interrupted']);
    return last?.finishedAt ? { finishedAt: last.finishedAt, status: last.status as FinishedRunStatus, summary: last.summary } : null;
  };
  const sources: StatusSources = { ...ports, lastSync };
  const announce = () => events.emit('status.changed', readStatus(sources));
  const onEvent: EventSubscription = (envelope) => {
    if (envelope.event === 'settings.changed' || envelope.event === 'accounts.changed') announce();
    if (envelope.event !== 'jobs.runChanged') return;
    const run = envelope.payload;
    if (run.jobId === ports.calendarSyncJobId && run.status !== 'running' && run.status !== 'skipped') announce();
  };
  return {
    announce,
    module: {
      registerHandlers: (registry) => registerStatusHandlers(registry, sources),
      subscriptions: [onEvent],
      currentState: () => [{ event: 'status.changed', payload: readStatus(sources) }],
    },
  };
}
