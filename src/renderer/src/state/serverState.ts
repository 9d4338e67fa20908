import { QueryClient, keepPreviousData, useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { ContractClient } from '../client/contractClient';
import { useConsoleStore } from './consoleStore';
import { consoleQueries } from './consoleQueries';

/**
 * The renderer's cache of server state. Reads are not retried (the error is shown at once, in
 * words) and not repeated on window focus: the console's events say when something changed.
 */
export function createServerStateCache(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  });
}

/** A read of server state through the contract client, cached under `queryKey`. */
export function useServerQuery<T>(
  queryKey: QueryKey,
  read: (client: ContractClient) => Promise<T>,
  options: { enabled?: boolean; staleTime?: number; keepPreviousData?: boolean } = {},
) {
  const client = useConsoleStore((state) => state.client);
  return useQuery({
    queryKey,
    queryFn: () => read(client!),
    enabled: client !== undefined && (options.enabled ?? true),
    staleTime: options.staleTime,
    placeholderData: options.keepPreviousData ? keepPreviousData : undefined,
  });
}

/**
 * A change through the contract client. Once it succeeded the queries it names are read again
 * (the console's event does it too, but a page should not depend on the event arriving first).
 */
export function useServerMutation<Input, T>(
  write: (client: ContractClient, input: Input) => Promise<T>,
  options: {
    invalidates?: readonly QueryKey[];
    onSuccess?: (result: T, input: Input) => void;
    onError?: (error: Error, input: Input) => void;
  } = {},
) {
  const client = useConsoleStore((state) => state.client);
  const cache = useQueryClient();
  return useMutation({
    mutationFn: (input: Input) => {
      if (!client) throw new Error('The console is not connected.');
      return write(client, input);
    },
    onSuccess: async (result, input) => {
      options.onSuccess?.(result, input);
      await Promise.all((options.invalidates ?? []).map((queryKey) => cache.invalidateQueries({ queryKey })));
    },
    onError: (error, input) => options.onError?.(error, input),
  });
}

// The console-wide state every page and the shell read; its events carry each new value.
const keptByEvents = { staleTime: Infinity };
const useConsoleQuery = <T>({ queryKey, read }: { queryKey: QueryKey; read: (client: ContractClient) => Promise<T> }) =>
  useServerQuery(queryKey, read, keptByEvents).data;
export const useAppInfo = () => useConsoleQuery(consoleQueries.appInfo);
export const useSettings = () => useConsoleQuery(consoleQueries.settings);
export const useConsoleStatus = () => useConsoleQuery(consoleQueries.status);
export const useIntegrationView = () => useConsoleQuery(consoleQueries.integration);
export const useVaultHealth = () => useConsoleQuery(consoleQueries.vault);
