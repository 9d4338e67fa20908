import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { LogEntry, LogLevel } from '../../../../shared/contract';
import { formatDateTime, useConsoleTimeZone } from '../../format/dateTime';
import { Highlighted } from './Highlighted';
import type { LogRows } from './logWindow';

const rowHeight = 26;

const useStyles = makeStyles({
  scroller: {
    // A fixed height, so the list scrolls itself and only the rows in view exist; grown to its
    // content it would render every row (100,000 of them) and the page would scroll instead.
    height: 'max(320px, calc(100vh - 420px))',
    flexShrink: 0,
    overflow: 'auto',
    // What changes inside (rows streaming in) is laid out from here, not from the page's root.
    contain: 'strict',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  row: {
    position: 'absolute',
    left: 0,
    right: 0,
    display: 'grid',
    // Wide enough for the longest time the console writes ("Dec 12, 2026, 10:09:05 PM").
    gridTemplateColumns: '205px 80px 110px 1fr',
    gap: tokens.spacingHorizontalS,
    alignItems: 'center',
    padding: `0 ${tokens.spacingHorizontalS}`,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    cursor: 'pointer',
    // A row's size never depends on its text: new text is laid out within the row alone.
    contain: 'strict',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected },
  message: { overflow: 'hidden', textOverflow: 'ellipsis' },
  debug: { color: tokens.colorNeutralForeground3 },
  info: {},
  notice: { color: tokens.colorPaletteBlueForeground2 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  error: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});

type Props = {
  rows: LogRows;
  /** Changes whenever the rows do (the live window is changed in place). */
  version: number;
  query: string;
  follow: boolean;
  selectedSeq?: number;
  onSelect(entry: LogEntry): void;
};

/** Only the rows in view are in the DOM, so 100,000 entries scroll as smoothly as 100. */
export function LogList({ rows, version, query, follow, selectedSeq, onSelect }: Props) {
  const styles = useStyles();
  const timeZone = useConsoleTimeZone();
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the React Compiler is not used in this project.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    // Every row is one line of a fixed height, never measured: with the count unchanged (a full
    // window), a new batch leaves the virtualiser's positions as they were.
    estimateSize: () => rowHeight,
    // Every row in the DOM is laid out again when a batch moves the entries along: only a few beyond the view.
    overscan: 6,
  });

  // Following: the end is where the rows' total height says, so no layout is read to find it.
  // The virtualiser's scrollToIndex reads scrollHeight (a forced layout) and then checks again
  // every frame until the position holds, which under a stream it never does: that was most of
  // the long tasks. A full window keeps its height, so once at the end nothing is written either.
  // An effect, not a layout effect: after a filter the matching rows are painted first, and the
  // scroll (a layout, as any scroll write) comes after, off the path to that first frame.
  useEffect(() => {
    const element = scroller.current;
    if (!follow || rows.length === 0 || !element) return;
    const end = Math.max(0, virtualizer.getTotalSize() - (virtualizer.scrollRect?.height ?? element.clientHeight));
    if (virtualizer.scrollOffset !== null && Math.abs(virtualizer.scrollOffset - end) < 1) return;
    element.scrollTop = end;
  }, [follow, rows.length, version, virtualizer]);

  const levelClass: Record<LogLevel, string> = styles;
  return (
    <div
      ref={scroller}
      className={styles.scroller}
      role="log"
      aria-label="Log entries"
      aria-live="off"
      tabIndex={0}
      data-testid="log-list"
      data-count={rows.length}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const entry = rows.at(item.index);
          if (!entry) return null;
          return (
            <div
              // Keyed by place, not by entry: as a batch moves the entries up, each row keeps its
              // element and only its text changes, instead of every row moving and new ones being
              // added and removed (which also sets Fluent's focus manager walking the new nodes).
              key={item.index}
              className={mergeClasses(styles.row, levelClass[entry.level], entry.seq === selectedSeq && styles.selected)}
              style={{ top: item.start, height: rowHeight }}
              onClick={() => onSelect(entry)}
              data-testid="log-row"
            >
              <span>{formatDateTime(entry.time, timeZone)}</span>
              <span>{entry.level.toUpperCase()}</span>
              <span>{entry.source}</span>
              <span className={styles.message}>
                <Highlighted text={entry.message} query={query} />
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
