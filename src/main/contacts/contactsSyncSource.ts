import type { SyncSource, SyncTask } from '../sync/calendarSyncJob';
import { ExplainedError } from '../errors/explainedError';
import type { ScopeCheck } from '../access/accessService';
import { outcomeInHistory } from './contactPush';
import type { ContactPushService } from './contactPushService';
import type { ContactSettingsStore } from './contactSettingsStore';
import type { OutlookLinks } from './outlookLinks';

export type ContactsSyncSourceOptions = {
  settings: ContactSettingsStore;
  links: OutlookLinks;
  push: ContactPushService;
  checkScope: (userId: number, scope: 'outlookContacts') => ScopeCheck;
  now: () => Date;
};

/** The scheduled job's "push changed contacts": one task per user who turned it on and may use it. */
export function contactsSyncSource(options: ContactsSyncSourceOptions): SyncSource {
  return {
    async plan() {
      const tasks: SyncTask[] = [];
      const refused: string[] = [];
      for (const userId of options.settings.scheduledUserIds()) {
        const check = options.checkScope(userId, 'outlookContacts');
        if (!check.granted) {
          refused.push(check.message);
          continue;
        }
        tasks.push(pushChangedTask(userId, check.user.name, options));
      }
      if (tasks.length > 0) return { tasks };
      return { tasks, nothingToSync: refused.length > 0 ? `Contacts push skipped: ${refused.join(' ')}` : undefined };
    },
    explain: (error) => (error instanceof Error ? error.message : String(error)),
  };
}

function pushChangedTask(userId: number, userName: string, options: ContactsSyncSourceOptions): SyncTask {
  return {
    userId: String(userId),
    userName: `${userName} (contacts push)`,
    async run({ log, signal }) {
      const startedAt = options.now().toISOString();
      const since = options.settings.get(userId).changesSince ?? startedAt;
      const changed = options.links.changedSince(userId, since);
      if (changed.length === 0) {
        log.info(`${userName}: no contact or lead changed since the last push.`, { userId });
        options.settings.markPushed(userId, startedAt);
        return { toOutlook: { created: 0, updated: 0, deleted: 0 }, fromOutlook: { created: 0, updated: 0, deleted: 0 }, errors: [] };
      }
      log.info(`${userName}: pushing ${changed.length} contacts and leads changed since ${since}.`, { userId });
      const outcome = await options.push.pushForUser(userId, changed, () => signal.aborted, log);
      if (outcome.error) throw new ExplainedError(`Contacts push for ${userName} stopped`, outcome.error, outcome.retryAt);
      for (const message of outcome.messages) log.info(message, { userId });
      // Only a push that went through moves the mark: what a cancelled one left is pushed next time.
      if (!outcome.cancelled && outcome.failed === 0) options.settings.markPushed(userId, startedAt);
      return outcomeInHistory(outcome, changed.length, 'They are pushed again on the next run.');
    },
  };
}
