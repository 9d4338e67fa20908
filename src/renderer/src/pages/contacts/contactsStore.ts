import { useQueryClient } from '@tanstack/react-query';
import { create } from 'zustand';
import type { AccessOverview, PushProgress, WorkspaceUser } from '../../../../shared/contract';
import { queryKeys } from '../../state/queryKeys';
import { notePush } from '../../state/serverEvents';
import { useServerQuery } from '../../state/serverState';

/**
 * The Contacts page's UI state: the error bar its panels report to. Its server state (people,
 * companies, pushes, users) is in the query cache, kept current by the console's events.
 */
export const useContactsStore = create<{ error?: string; setError(error: string | undefined): void }>((set) => ({
  setError: (error) => set({ error }),
}));

/** The workspace's users and roles: who may be pushed to. */
export const useAccessOverview = () => useServerQuery(queryKeys.accessOverview, (client) => client.call('access.overview')).data;

/** Pushes running now and the recent ones, newest first; progress events keep them current. */
export const usePushes = () => useServerQuery(queryKeys.contactsPushes, (client) => client.call('contacts.pushes'));

/** Notes a push's state the page learnt from an answer (start, resume) rather than from an event. */
export function useNotePush(): (progress: PushProgress) => void {
  const cache = useQueryClient();
  return (progress) => cache.setQueryData<PushProgress[]>(queryKeys.contactsPushes, (pushes) => notePush(pushes, progress));
}

/** Whether a user may be pushed to, read from the roles the Access control page sets. */
export function hasOutlookContacts(user: WorkspaceUser, overview: AccessOverview): boolean {
  if (!user.active) return false;
  if (user.type === 'administrator') return true;
  return overview.roles.some((role) => user.roleIds.includes(role.id) && role.scopes.outlookContacts);
}
