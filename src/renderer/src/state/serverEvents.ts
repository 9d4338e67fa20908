import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { EventName, EventPayload, PushProgress } from '../../../shared/contract';
import type { ContractClient } from '../client/contractClient';
import { queryKeys } from './queryKeys';

/** The `*.changed` events (and the push progress stream) the renderer's cache follows. */
type FollowedEvent =
  | 'access.changed'
  | 'accounts.changed'
  | 'calendar.changed'
  | 'contacts.changed'
  | 'contacts.pushProgress'
  | 'email.changed'
  | 'integration.changed'
  | 'settings.changed'
  | 'status.changed'
  | 'vault.changed';

type EventRule<E extends EventName> = {
  /** The queries this event makes stale: each is read again if a page shows it, at once. */
  invalidates: (payload: EventPayload<E>) => readonly QueryKey[];
  /** When the event carries the new value itself: written into the cache without a read. */
  update?: (cache: QueryClient, payload: EventPayload<E>) => void;
};

/**
 * Which queries each event makes stale: the one place that knows. A page only reads its queries
 * (state/queryKeys.ts); the console's events keep them current.
 */
export const eventRules: { [E in FollowedEvent]: EventRule<E> } = {
  // Users and roles: the access page, every user picker, each user's accounts and contacts rights.
  'access.changed': { invalidates: () => [queryKeys.access, queryKeys.accounts] },
  // A connected Outlook account is what an email account logs in with (its candidates).
  'accounts.changed': { invalidates: () => [queryKeys.accounts, queryKeys.emailAccountsAll] },
  'calendar.changed': { invalidates: () => [queryKeys.calendar] },
  'contacts.changed': { invalidates: () => [queryKeys.contacts] },
  'contacts.pushProgress': {
    // A finished push may have changed the "in Outlook" column of the lists and the record.
    invalidates: (progress) => (progress.status === 'running' ? [] : [queryKeys.contactsPeopleAll, queryKeys.contactsPersonAll]),
    update: (cache, progress) => cache.setQueryData<PushProgress[]>(queryKeys.contactsPushes, (pushes) => notePush(pushes, progress)),
  },
  'email.changed': { invalidates: () => [queryKeys.email] },
  'integration.changed': {
    // The mode and the readiness of the integration decide what the accounts page shows; its
    // permissions, which email features (IMAP, Graph sendMail) the email accounts may use.
    invalidates: () => [queryKeys.accounts, queryKeys.emailAccountsAll],
    update: (cache, view) => cache.setQueryData(queryKeys.integration, view),
  },
  'settings.changed': { invalidates: () => [], update: (cache, settings) => cache.setQueryData(queryKeys.settings, settings) },
  'status.changed': { invalidates: () => [], update: (cache, status) => cache.setQueryData(queryKeys.status, status) },
  'vault.changed': { invalidates: () => [], update: (cache, vault) => cache.setQueryData(queryKeys.vault, vault) },
};

/** Subscribes the cache to the console's events; returns the unsubscribe. */
export function followServerEvents(client: ContractClient, cache: QueryClient): () => void {
  const stops = (Object.keys(eventRules) as FollowedEvent[]).map((event) =>
    client.on(event, (payload) => {
      const rule = eventRules[event] as EventRule<typeof event>;
      rule.update?.(cache, payload as never);
      for (const queryKey of rule.invalidates(payload as never)) void cache.invalidateQueries({ queryKey });
    }),
  );
  return () => stops.forEach((stop) => stop());
}

/** Pushes running now and the recent ones, newest first; an older progress report never replaces a newer one. */
export function notePush(pushes: PushProgress[] | undefined, progress: PushProgress): PushProgress[] {
  const known = pushes?.find((push) => push.pushId === progress.pushId);
  if (pushes && known && known.revision > progress.revision) return pushes;
  const others = (pushes ?? []).filter((push) => push.pushId !== progress.pushId);
  return [progress, ...others].sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, 10);
}
