import { create } from 'zustand';
import { ContractError, type AccessOverview, type AuditEntry, type EffectiveAccess } from '../../../../shared/contract';
import type { ContractClient } from '../../client/contractClient';

export type AccessTab = 'roles' | 'users' | 'effective' | 'audit';

type AccessState = {
  client?: ContractClient;
  overview?: AccessOverview;
  audit: AuditEntry[];
  tab: AccessTab;
  selectedUserId?: number;
  effective?: EffectiveAccess;
  /** The last failed action on the page (a toggle, a deactivation), in words. */
  error?: string;
  /** Starts following the core: loads everything and reloads whenever access changes anywhere. */
  attach(client: ContractClient): () => void;
  refresh(): Promise<void>;
  setTab(tab: AccessTab): void;
  showAccessOf(userId: number | undefined): Promise<void>;
  /** Runs an action for a button or switch; its failure is shown on the page. */
  act(what: string, action: (client: ContractClient) => Promise<unknown>): Promise<boolean>;
  dismissError(): void;
};

export const useAccessStore = create<AccessState>((set, get) => ({
  audit: [],
  tab: 'roles',
  attach(client) {
    set({ client });
    void get().refresh();
    return client.on('access.changed', () => void get().refresh());
  },
  async refresh() {
    const { client, selectedUserId } = get();
    if (!client) return;
    try {
      const [overview, audit] = await Promise.all([client.call('access.overview'), client.call('access.auditLog', {})]);
      const stillThere = selectedUserId !== undefined && overview.users.some((user) => user.id === selectedUserId);
      const effective = stillThere ? await client.call('access.effectiveAccess', { userId: selectedUserId }) : undefined;
      set({ overview, audit, effective, selectedUserId: stillThere ? selectedUserId : undefined });
    } catch (error) {
      set({ error: `Access control could not be loaded: ${(error as Error).message}` });
    }
  },
  setTab: (tab) => set({ tab }),
  async showAccessOf(userId) {
    set({ selectedUserId: userId, effective: undefined, tab: 'effective' });
    if (userId === undefined) return;
    const client = get().client;
    if (!client) return;
    try {
      set({ effective: await client.call('access.effectiveAccess', { userId }) });
    } catch (error) {
      set({ error: `The effective access could not be read: ${(error as Error).message}` });
    }
  },
  async act(what, action) {
    const client = get().client;
    if (!client) return false;
    try {
      await action(client);
      set({ error: undefined });
      return true;
    } catch (error) {
      set({ error: `${what} failed: ${(error as Error).message}` });
      return false;
    }
  },
  dismissError: () => set({ error: undefined }),
}));

/** Field → message from a VALIDATION or CONFLICT error, for the form's fields. */
export function fieldMessages(error: unknown): Record<string, string> {
  if (!(error instanceof ContractError)) return {};
  return Object.fromEntries(error.issues.map((issue) => [issue.field.split('.')[0], issue.message]));
}
