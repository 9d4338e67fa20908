import type { DatabaseSync } from 'node:sqlite';
import type { CalendarSettings, ItemCounts, RunError } from '../../shared/contract';
import type { GraphMailbox } from '../graph/graphMailbox';
import type { Logger } from '../logs/logService';
import type { AttendeeDirectory } from './eventMapping';
import type { EventStore } from './eventStore';
import type { SyncRecords } from './syncRecords';

/** Everything one user's run works with. */
export type UserSyncContext = {
  db: DatabaseSync;
  events: EventStore;
  records: SyncRecords;
  box: GraphMailbox;
  userId: number;
  userName: string;
  settings: CalendarSettings;
  window: { start: string; end: string };
  /** `/me/calendar` or `/me/calendars/{id}`. */
  calendarPath: string;
  /** When each series was last compared with Outlook's instances (kept by the engine across runs). */
  /** When each series was last compared with its instances (seriesReconcile.ts's SeriesChecks; typed here to keep the two files out of a cycle). */
  seriesChecks: {
    due(userId: number, masterId: string, now: number): boolean;
    checked(userId: number, masterId: string, now: number): void;
  };
  /** Series compared during this run, so a second pull in the same run does not compare them again. */
  seriesCompared: Set<string>;
  directory: AttendeeDirectory;
  now: () => Date;
  log: Logger;
  counts: { toOutlook: ItemCounts; fromOutlook: ItemCounts };
  errors: RunError[];
  /** What happened that is worth knowing but is no error (lost answers settled, …), for the run's result. */
  notes: string[];
};

export const noCounts = (): ItemCounts => ({ created: 0, updated: 0, deleted: 0 });
