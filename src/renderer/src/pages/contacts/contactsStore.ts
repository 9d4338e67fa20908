import { create } from 'zustand';
import type { AccessOverview, PushProgress, WorkspaceUser } from '../../../../shared/contract';
import type { ContractClient } from '../../client/contractClient';

type ContactsState = {
  client?: ContractClient;
  /** Pushes running now and the recent ones, newest first, kept current by progress events. */
  pushes: PushProgress[];
  overview?: AccessOverview;
  /** Bumped when records change anywhere, so lists read them again. */
  revision: number;
  error?: string;
  attach(client: ContractClient): () => void;
  refreshPushes(): Promise<void>;
  notePush(progress: PushProgress): void;
  setError(error: string | undefined): void;
};

export const useContactsStore = create<ContactsState>((set, get) => ({
  pushes: [],
  revision: 0,
  attach(client) {
    set({ client });
    void get().refreshPushes();
    const loadUsers = () =>
      client
        .call('access.overview')
        .then((overview) => set({ overview }))
        .catch(() => {});
    void loadUsers();
    const stops = [
      client.on('contacts.pushProgress', (progress) => get().notePush(progress)),
      client.on('contacts.changed', () => set((state) => ({ revision: state.revision + 1 }))),
      client.on('access.changed', () => void loadUsers()),
    ];
    return () => stops.forEach((stop) => stop());
  },
  async refreshPushes() {
    const client = get().client;
    if (!client) return;
    try {
      set({ pushes: await client.call('contacts.pushes') });
    } catch (error) {
      set({ error: `The pushes could not be read: ${(error as Error).message}` });
    }
  },
  notePush(progress) {
    set((state) => {
      // The answer to contacts.push can arrive after the push already reported more (or finished).
      const known = state.pushes.find((push) => push.pushId === progress.pushId);
      if (known && known.revision > progress.revision) return state;
      const others = state.pushes.filter((push) => push.pushId !== progress.pushId);
      const next = [progress, ...others].sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, 10);
      // A push that finished may have changed the "in Outlook" column.
      return { pushes: next, revision: progress.status === 'running' ? state.revision : state.revision + 1 };
    });
  },
  setError: (error) => set({ error }),
}));

/** Whether a user may be pushed to, read from the roles the Access control page sets. */
export function hasOutlookContacts(user: WorkspaceUser, overview: AccessOverview): boolean {
  if (!user.active) return false;
  if (user.type === 'administrator') return true;
  return overview.roles.some((role) => user.roleIds.includes(role.id) && role.scopes.outlookContacts);
}
