import type { AccessService } from '../access/accessService';
import type { FeatureModule } from '../contract/featureModule';
import { changedAt, type PlatformServices } from '../contract/platformServices';
import type { GraphAccessProvider } from '../graph/graphAccess';
import { registerCalendarHandlers } from './calendarHandlers';
import { CalendarService } from './calendarService';
import { calendarSyncChecks } from './calendarSyncChecks';
import { CalendarSyncEngine } from './calendarSyncEngine';
import { createCalendarSyncJob, type SyncSource } from './calendarSyncJob';
import { combineSyncSources } from './combinedSyncSource';

export type CalendarFeaturePorts = {
  access: AccessService;
  graphAccess: GraphAccessProvider;
  /** Other features' per-user tasks that run in the same job (contacts push). */
  otherSyncSources: readonly SyncSource[];
};

/** Two-way calendar sync and its scheduled job (*Outlook Calendar Sync*), created from its ports. */
export function createCalendarFeature(
  platform: PlatformServices,
  ports: CalendarFeaturePorts,
): { module: FeatureModule; engine: CalendarSyncEngine } {
  const { db, now, jobs, events } = platform;
  const { access, graphAccess } = ports;
  const onChange = () => events.emit('calendar.changed', changedAt(now));
  // One gate per mailbox shared with contacts push and email: Outlook's 4 requests per mailbox count for all of them.
  const engine = new CalendarSyncEngine({
    db,
    now,
    graphAccess,
    access,
    gates: platform.mailboxGates,
    policy: platform.graphPolicy,
    onChange,
  });
  const log = platform.logs.logger('sync');
  const calendar = new CalendarService({ engine, access, graphAccess, jobs, now, log, deliverFile: platform.host.deliverFile, onChange });
  return {
    engine,
    module: {
      registerHandlers: (registry) => registerCalendarHandlers(registry, calendar),
      checks: calendarSyncChecks(jobs, now),
      jobs: [
        createCalendarSyncJob(combineSyncSources(engine.source(), ...ports.otherSyncSources), {
          poolSize: () => platform.settings.get().syncLimits.mailboxPool,
        }),
      ],
      currentState: () => [{ event: 'calendar.changed', payload: changedAt(now) }],
    },
  };
}
