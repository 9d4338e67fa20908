import { useDeferredValue, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { logLevelSchema, type LogEntry, type LogLevel } from '../../../../shared/contract';
import { LogList } from './LogList';
import { matchesFilter, useLogView } from './logStore';
import { collect, type LogRows } from './logWindow';
import { RunFilterBar } from './RunFilterBar';

type Props = {
  filter: { levels: ReadonlySet<LogLevel>; source: string; text: string };
  /** A job run's lines (kept in the job history) with the live ones of that run. */
  run?: { runId: string; stored: readonly LogEntry[] };
  follow: boolean;
  selectedSeq?: number;
  onSelect(entry: LogEntry): void;
};

/**
 * The count and the list: the only part of the Logs page that re-renders when entries stream in
 * (once per animation frame at most), so the filters and toolbars above are not rebuilt per batch.
 */
export function LiveLogView({ filter, run, follow, selectedSeq, onSelect }: Props) {
  const { entries, version, loading } = useLogView(useShallow(({ entries, version, loading }) => ({ entries, version, loading })));
  // Typing stays responsive: the 100,000-entry filter runs on the deferred text.
  const text = useDeferredValue(filter.text.trim().toLowerCase());
  const { levels, source } = filter;
  const runId = run?.runId;
  const stored = run?.stored;

  const shown: LogRows = useMemo(() => {
    if (!runId || !stored) return entries;
    const kept = new Set(stored.map((entry) => `${entry.time}|${entry.message}`));
    return [...stored, ...collect(entries, (entry) => entry.runId === runId && !kept.has(`${entry.time}|${entry.message}`))];
    // `version` is the window's change count: the window itself is the same object throughout.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [entries, version, runId, stored]);

  const visible: LogRows = useMemo(() => {
    // With nothing to filter by, the view is the window itself: nothing is copied per batch.
    if (levels.size === logLevelSchema.options.length && !source && !text) return shown;
    const active = { levels, source, text };
    return collect(shown, (entry) => matchesFilter(entry, active, text));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shown, version, levels, source, text]);

  return (
    <>
      {runId && <RunFilterBar runId={runId} count={shown.length} />}
      <span role="status" aria-live="polite" data-testid="log-count">
        {loading ? 'Loading…' : `${visible.length.toLocaleString()} of ${shown.length.toLocaleString()} entries`}
      </span>
      <LogList rows={visible} version={version} query={text} follow={follow} selectedSeq={selectedSeq} onSelect={onSelect} />
    </>
  );
}
