import { useDeferredValue, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { logLevelSchema, type LogEntry, type LogLevel } from '../../../../shared/contract';
import { LogList } from './LogList';
import { matchesFilter, useLogView } from './logStore';
import { collect, concatRows, FilteredWindow } from './logWindow';
import { RunFilterBar } from './RunFilterBar';

type Props = {
  filter: { levels: ReadonlySet<LogLevel>; source: string; text: string };
  /** A job run's lines (kept in the job history) with the live ones of that run. */
  run?: { runId: string; stored: readonly LogEntry[] };
  follow: boolean;
  selectedSeq?: number;
  onSelect(entry: LogEntry): void;
};

type Keep = (entry: LogEntry) => boolean;

/**
 * The count and the list: the only part of the Logs page that re-renders when entries stream in
 * (once per animation frame at most), so the filters and toolbars above are not rebuilt per batch.
 * Filters over the live window are FilteredWindows: made once per filter (a pass over the window),
 * then brought up to date per batch with the batch's entries only.
 */
export function LiveLogView({ filter, run, follow, selectedSeq, onSelect }: Props) {
  const { entries, version, loading } = useLogView(useShallow(({ entries, version, loading }) => ({ entries, version, loading })));
  // Typing stays responsive: the 100,000-entry filter runs on the deferred text.
  const text = useDeferredValue(filter.text.trim().toLowerCase());
  const { levels, source } = filter;
  const runId = run?.runId;
  const stored = run?.stored;

  // A run's live lines: those of the run not already among its stored lines.
  const ofRun: Keep | undefined = useMemo(() => {
    if (!runId || !stored) return undefined;
    const kept = new Set(stored.map((entry) => `${entry.time}|${entry.message}`));
    return (entry) => entry.runId === runId && !kept.has(`${entry.time}|${entry.message}`);
  }, [runId, stored]);
  const filtered: Keep | undefined = useMemo(() => {
    // With nothing to filter by, the view is the window itself: nothing is copied per batch.
    if (levels.size === logLevelSchema.options.length && !source && !text) return undefined;
    const active = { levels, source, text };
    return (entry) => matchesFilter(entry, active, text);
  }, [levels, source, text]);

  const liveOfRun = useMemo(() => ofRun && new FilteredWindow(ofRun), [ofRun]);
  const liveShown = useMemo(() => {
    const keep = ofRun && filtered ? (entry: LogEntry) => ofRun(entry) && filtered(entry) : (ofRun ?? filtered);
    return keep && new FilteredWindow(keep);
  }, [ofRun, filtered]);
  const { shown, visible } = useMemo(() => {
    const live = liveShown?.follow(entries) ?? entries;
    if (!stored || !liveOfRun) return { shown: entries, visible: live };
    return {
      shown: concatRows(stored, liveOfRun.follow(entries)),
      visible: concatRows(filtered ? collect(stored, filtered) : stored, live),
    };
    // `version` is the window's change count: the window itself is the same object throughout.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [entries, version, stored, liveOfRun, liveShown, filtered]);

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
