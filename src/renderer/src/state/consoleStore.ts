import { create } from 'zustand';
import type { AppInfo, ConsoleSettings, ConsoleStatus, IntegrationView, ThemePreference } from '../../../shared/contract';
import type { ContractClient } from '../client/contractClient';
import type { PageId } from '../pages/pageRegistry';

type ConsoleState = {
  client?: ContractClient;
  page: PageId;
  appInfo?: AppInfo;
  settings?: ConsoleSettings;
  status?: ConsoleStatus;
  integration?: IntegrationView;
  /** Why the console cannot talk to its core, in words an administrator can act on. */
  connectionError?: string;
  /** The last failed action, shown until dismissed. */
  actionError?: string;
  /** A job run whose log entries the Logs page shows instead of the whole log. */
  logsRunId?: string;
  goTo(page: PageId): void;
  showRunInLogs(runId: string): void;
  clearRunFilter(): void;
  connect(client: ContractClient): Promise<void>;
  setTheme(theme: ThemePreference): Promise<void>;
  dismissActionError(): void;
  setIntegration(view: IntegrationView): void;
};

export const useConsoleStore = create<ConsoleState>((set, get) => ({
  page: 'integration',
  goTo: (page) => set({ page }),
  showRunInLogs: (runId) => set({ page: 'logs', logsRunId: runId }),
  clearRunFilter: () => set({ logsRunId: undefined }),
  async connect(client) {
    set({ client });
    client.on('settings.changed', (settings) => set({ settings }));
    client.on('status.changed', (status) => set({ status }));
    client.on('integration.changed', (integration) => set({ integration }));
    try {
      const [appInfo, settings, status, integration] = await Promise.all([
        client.call('app.info'),
        client.call('settings.get'),
        client.call('status.get'),
        client.call('integration.get'),
      ]);
      set({ appInfo, settings, status, integration, connectionError: undefined });
    } catch (error) {
      set({ connectionError: `The console could not reach its core: ${(error as Error).message}` });
    }
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
}));
