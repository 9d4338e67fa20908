import { Badge, Caption1, mergeClasses } from '@fluentui/react-components';
import { AttachRegular, LinkRegular, SendRegular, WarningRegular } from '@fluentui/react-icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { EmailListRow } from '../../../../shared/contract';
import { formatDateTime, useConsoleTimeZone } from '../../format/dateTime';
import { useEmailStyles } from './emailStyles';

const rowHeight = 68;

/** When a message was sent, as every time in the console: in its zone, labelled with it when `label`. */
export function formatWhen(iso: string | null, timeZone: string, options: { label?: boolean } = {}): string {
  return iso ? formatDateTime(iso, timeZone, options) : '';
}

/** The fetched mail, newest first; only the rows in view are in the DOM, so thousands scroll smoothly. */
export function MessageList({ rows, selectedId, onSelect }: { rows: EmailListRow[]; selectedId?: number; onSelect(id: number): void }) {
  const styles = useEmailStyles();
  const scroller = useRef<HTMLDivElement>(null);
  const timeZone = useConsoleTimeZone();
  // eslint-disable-next-line react-hooks/incompatible-library -- the React Compiler is not used in this project.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 10,
  });
  return (
    <div ref={scroller} className={styles.list} role="list" aria-label="Messages" data-testid="email-list" data-count={rows.length}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          const who = row.from.name || row.from.address || '(no sender)';
          return (
            <div
              key={row.id}
              role="listitem"
              aria-selected={row.id === selectedId}
              aria-label={`${row.subject || '(no subject)'} from ${row.from.address}`}
              className={mergeClasses(styles.row, row.id === selectedId && styles.selected)}
              style={{ top: item.start, height: rowHeight }}
              onClick={() => onSelect(row.id)}
              data-testid="email-row"
            >
              <div className={styles.rowTop}>
                {row.direction === 'sent' && <SendRegular aria-label="Sent" />}
                <span className={mergeClasses(styles.ellipsis, styles.strong)}>{who}</span>
                <span className={styles.spacer} />
                {row.linkCount > 0 && (
                  <Badge size="small" appearance="tint" color="brand" icon={<LinkRegular />} aria-label={`${row.linkCount} linked records`}>
                    {row.linkCount}
                  </Badge>
                )}
                {row.hasAttachments && <AttachRegular aria-label="Has attachments" />}
                {row.skippedReason && <WarningRegular aria-label={row.skippedReason} />}
                <Caption1 className={styles.muted}>{formatWhen(row.sentAt, timeZone)}</Caption1>
              </div>
              <span className={styles.ellipsis}>{row.subject || '(no subject)'}</span>
              <Caption1 className={mergeClasses(styles.ellipsis, styles.muted)}>{row.skippedReason ?? row.snippet}</Caption1>
            </div>
          );
        })}
      </div>
    </div>
  );
}
