import { create } from 'zustand';
import { ContractError } from '../../../../shared/contract';
import type { ContractClient } from '../../client/contractClient';
import { queryKeys } from '../../state/queryKeys';
import { useServerMutation, useServerQuery } from '../../state/serverState';

export type AccessTab = 'roles' | 'users' | 'effective' | 'audit';

type AccessViewState = {
  tab: AccessTab;
  /** Whose effective access the Effective access tab explains. */
  selectedUserId?: number;
  /** The last failed action on the page (a toggle, a deactivation), in words. */
  error?: string;
  setTab(tab: AccessTab): void;
  /** Opens the Effective access tab on a user (or on nobody). */
  showAccessOf(userId: number | undefined): void;
  setError(error: string | undefined): void;
};

/**
 * The Access control page's UI state: its tab, the user it explains and its error bar. Kept across
 * visits of the page, as before. Its server state (users, roles, audit log, effective access) is
 * in the query cache, kept current by `access.changed`.
 */
export const useAccessStore = create<AccessViewState>((set) => ({
  tab: 'roles',
  setTab: (tab) => set({ tab }),
  showAccessOf: (userId) => set({ selectedUserId: userId, tab: 'effective' }),
  setError: (error) => set({ error }),
}));

// Every change of users and roles, wherever it is made, is announced by `access.changed`, which
// marks these stale: a panel opening later needs no read of its own.
const keptByAccessEvents = { staleTime: Infinity };

/** The workspace's users and roles. */
export const useAccessOverviewQuery = () =>
  useServerQuery(queryKeys.accessOverview, (client) => client.call('access.overview'), keptByAccessEvents);

/** Who changed which role or user, newest first. */
export const useAuditLogQuery = () =>
  useServerQuery(queryKeys.accessAuditLog, (client) => client.call('access.auditLog', {}), keptByAccessEvents);

/** Why a user has (or lacks) each scope; read only once a user is chosen. */
export const useEffectiveAccessQuery = (userId: number | undefined) =>
  useServerQuery(queryKeys.accessEffective(userId ?? 0), (client) => client.call('access.effectiveAccess', { userId: userId! }), {
    ...keptByAccessEvents,
    enabled: userId !== undefined,
  });

type AccessAction = { what: string; run: (client: ContractClient) => Promise<unknown> };

/**
 * Runs an action for a button or switch: its failure is shown on the page's error bar, its
 * success clears the bar and reads the access state again.
 */
export function useAccessAction(): (what: string, run: AccessAction['run']) => void {
  const setError = useAccessStore((state) => state.setError);
  const action = useServerMutation((client, { run }: AccessAction) => run(client), {
    invalidates: [queryKeys.access],
    onSuccess: () => setError(undefined),
    onError: (error, { what }) => setError(`${what} failed: ${error.message}`),
  });
  return (what, run) => action.mutate({ what, run });
}

/** Field → message from a VALIDATION or CONFLICT error, for the form's fields. */
export function fieldMessages(error: unknown): Record<string, string> {
  if (!(error instanceof ContractError)) return {};
  return Object.fromEntries(error.issues.map((issue) => [issue.field.split('.')[0], issue.message]));
}
