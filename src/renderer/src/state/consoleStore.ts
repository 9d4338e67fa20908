import type { QueryClient } from '@tanstack/react-query';
import { create } from 'zustand';
import type { ThemePreference } from '../../../shared/contract';
import type { ConnectionState } from '../client/connectionMonitor';
import type { ContractClient } from '../client/contractClient';
import { navigate } from 'wouter/use-hash-location';
import { currentRoute, parseRoute, routePath, sameRoute, type Route } from '../routing/routes';
import type { PageId } from '../pages/pageIds';
import { consoleQueries } from './consoleQueries';
import { queryKeys } from './queryKeys';
import { followServerEvents } from './serverEvents';

/**
 * The console's UI state: where the administrator is, the connection, unsaved changes. Server
 * state (settings, status, the integration, every page's records) lives in the query cache
 * (state/serverState.ts), kept current by the console's events (state/serverEvents.ts).
 */
type ConsoleState = {
  client?: ContractClient;
  /** The server-state cache, for the theme change; pages reach it through their hooks. */
  cache?: QueryClient;
  /** Where the administrator is; the URL's fragment is its source (routing/routes.ts). */
  route: Route;
  /** Whether the console answers (headless mode); the desktop app's core always does. */
  connection: ConnectionState;
  /** Set for a few seconds after the page got back in touch with the console: a short "reconnected" notice. */
  reconnectedAt?: number;
  /** Why the console cannot talk to its core, in words an administrator can act on. */
  connectionError?: string;
  /** The last failed action, shown until dismissed. */
  actionError?: string;
  /** Set by a page with unsaved changes: what leaving it would lose, in words. */
  unsavedChanges?: string;
  /** A place asked for (a link, Back) while unsaved changes wait for the administrator's answer. */
  pendingRoute?: Route;
  /** Goes to a page or a place on one: a new history entry (Back returns); the guard is in locationChanged. */
  goTo(target: PageId | Route, options?: { replace?: boolean }): void;
  /** The URL's fragment changed (a link, Back, Forward, a typed address): show that place, or ask first. */
  locationChanged(path: string): void;
  setUnsavedChanges(description: string | undefined): void;
  /** The answer to "leave without saving?": leave, or stay. */
  answerLeave(leave: boolean): void;
  showRunInLogs(runId: string): void;
  connect(client: ContractClient, cache: QueryClient): Promise<void>;
  setTheme(theme: ThemePreference): Promise<void>;
  dismissActionError(): void;
};

const reconnectedNoticeMs = 5000;

export const useConsoleStore = create<ConsoleState>((set, get) => ({
  route: currentRoute(),
  connection: { state: 'connecting' },
  goTo: (target, options) => {
    const route = typeof target === 'string' ? ({ page: target } as Route) : target;
    if (!sameRoute(route, get().route)) navigate(routePath(route), options);
  },
  locationChanged: (path) => {
    const next = parseRoute(path);
    const { route, unsavedChanges } = get();
    if (sameRoute(next, route)) return;
    if (unsavedChanges && next.page !== route.page) {
      // The address already moved (Back, a link): put it back until the administrator answers.
      set({ pendingRoute: next });
      navigate(routePath(route), { replace: true });
      return;
    }
    set({ route: next, pendingRoute: undefined });
  },
  setUnsavedChanges: (description) => set({ unsavedChanges: description }),
  answerLeave: (leave) => {
    const { pendingRoute } = get();
    set({ pendingRoute: undefined, ...(leave && pendingRoute ? { unsavedChanges: undefined } : {}) });
    if (leave && pendingRoute) get().goTo(pendingRoute);
  },
  showRunInLogs: (runId) => get().goTo({ page: 'logs', runId }),
  async connect(client, cache) {
    set({ client, cache, connection: client.connection?.current() ?? { state: 'connected', since: Date.now() } });
    followServerEvents(client, cache);
    const load = async () => {
      try {
        await Promise.all(
          Object.values(consoleQueries).map(({ queryKey, read }) =>
            cache.fetchQuery({ queryKey, queryFn: () => read(client) as Promise<unknown>, staleTime: 0 }),
          ),
        );
        set({ connectionError: undefined });
      } catch (error) {
        // The connection banner already says it when the console is gone or refuses the token.
        if (get().connection.state === 'lost' || get().connection.state === 'staleToken') return;
        set({ connectionError: `The console could not reach its core: ${(error as Error).message}` });
      }
    };
    client.connection?.onChange((connection, previous) => {
      set({ connection });
      // Back after a break: read everything again, whatever the replayed events covered.
      if (connection.state === 'connected' && previous.state === 'lost') {
        const at = Date.now();
        set({ reconnectedAt: at });
        setTimeout(() => get().reconnectedAt === at && set({ reconnectedAt: undefined }), reconnectedNoticeMs);
        void cache.invalidateQueries();
        void load();
      }
    });
    await load();
  },
  async setTheme(theme) {
    const { client, cache } = get();
    if (!client || !cache) return;
    try {
      cache.setQueryData(queryKeys.settings, await client.call('settings.update', { appearance: { theme } }));
    } catch (error) {
      set({ actionError: `The theme could not be saved: ${(error as Error).message}` });
    }
  },
  dismissActionError: () => set({ actionError: undefined }),
}));
