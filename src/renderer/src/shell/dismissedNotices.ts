import { useCallback, useState } from 'react';

/**
 * Info notices the administrator dismissed, until the console restarts: kept in the browser's
 * storage under the console's start time, so a reload keeps them hidden and a restarted console
 * (whose notices may have changed) shows them again.
 */
export function useDismissedNotices(consoleStartedAt: string | undefined, storage: Storage | undefined = globalThis.localStorage) {
  const key = consoleStartedAt ? `dismissedNotices:${consoleStartedAt}` : undefined;
  const read = (): string[] => {
    if (!key || !storage) return [];
    try {
      const value: unknown = JSON.parse(storage.getItem(key) ?? '[]');
      return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
    } catch {
      return [];
    }
  };
  const [dismissed, setDismissed] = useState<{ key?: string; ids: string[] }>({ key, ids: read() });
  const ids = dismissed.key === key ? dismissed.ids : read();
  const dismiss = useCallback(
    (id: string) => {
      const next = [...new Set([...ids, id])];
      if (key && storage) {
        // Older consoles' keys are dropped: only this run's dismissals matter.
        for (const stored of Object.keys(storage)) if (stored.startsWith('dismissedNotices:') && stored !== key) storage.removeItem(stored);
        storage.setItem(key, JSON.stringify(next));
      }
      setDismissed({ key, ids: next });
    },
    [ids, key, storage],
  );
  return { isDismissed: (id: string) => ids.includes(id), dismiss };
}
