import { create } from 'zustand';
import type { AppInfo, ConsoleSettings, ConsoleStatus, IntegrationView, ThemePreference, VaultHealth } from '../../../shared/contract';
import type { ConnectionState } from '../client/connectionMonitor';
import type { ContractClient } from '../client/contractClient';
import { navigate } from 'wouter/use-hash-location';
import { currentRoute, parseRoute, routePath, sameRoute, type Route } from '../routing/routes';
import type { PageId } from '../pages/pageIds';

type ConsoleState = {
  client?: ContractClient;
  /** Where the administrator is; the URL's fragment is its source (routing/routes.ts). */
  route: Route;
  appInfo?: AppInfo;
  settings?: ConsoleSettings;
  status?: ConsoleStatus;
  integration?: IntegrationView;
  /** Whether the stored secrets can be read with the key the console has now. */
  vault?: VaultHealth;
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
  connect(client: ContractClient): Promise<void>;
  setTheme(theme: ThemePreference): Promise<void>;
  dismissActionError(): void;
  setIntegration(view: IntegrationView): void;
  setVault(health: VaultHealth): void;
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
  async connect(client) {
    set({ client, connection: client.connection?.current() ?? { state: 'connected', since: Date.now() } });
    client.on('settings.changed', (settings) => set({ settings }));
    client.on('status.changed', (status) => set({ status }));
    client.on('integration.changed', (integration) => set({ integration }));
    client.on('vault.changed', (vault) => set({ vault }));
    const load = async () => {
      try {
        const [appInfo, settings, status, integration, vault] = await Promise.all([
          client.call('app.info'),
          client.call('settings.get'),
          client.call('status.get'),
          client.call('integration.get'),
          client.call('vault.health'),
        ]);
        set({ appInfo, settings, status, integration, vault, connectionError: undefined });
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
        void load();
      }
    });
    await load();
  },
  async setTheme(theme) {
    const client = get().client;
    if (!client) return;
    try {
      set({ settings: await client.call('settings.update', { appearance: { theme } }) });
    } catch (error) {
      set({ actionError: `The theme could not be saved: ${(error as Error).message}` });
    }
  },
  dismissActionError: () => set({ actionError: undefined }),
  setIntegration: (integration) => set({ integration }),
  setVault: (vault) => set({ vault }),
}));
