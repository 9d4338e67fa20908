import { Caption1, ToggleButton, Toolbar, makeStyles, tokens } from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { ItemCounts, UserResult } from '../../../../shared/contract';
import { formatTime, statusLabels } from './jobWords';
import { useJobsTimeZone } from './jobsQueries';
import { RunStatusBadge } from './RunStatusBadge';

const rowHeight = 64;
const statuses = ['success', 'partial', 'failed', 'skipped'] as const satisfies ReadonlyArray<UserResult['status']>;

const useStyles = makeStyles({
  filters: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  scroller: {
    maxHeight: '320px',
    overflow: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  row: {
    position: 'absolute',
    left: 0,
    right: 0,
    display: 'grid',
    gridTemplateColumns: 'minmax(140px, 1.2fr) 90px 110px 110px 2fr',
    gap: tokens.spacingHorizontalS,
    alignItems: 'start',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    boxSizing: 'border-box',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    overflow: 'hidden',
  },
  header: { fontWeight: tokens.fontWeightSemibold, position: 'sticky', top: 0, zIndex: 1, backgroundColor: tokens.colorNeutralBackground1 },
  problems: { overflow: 'hidden', display: '-webkit-box', WebkitLineClamp: '3', WebkitBoxOrient: 'vertical' },
  note: { color: tokens.colorNeutralForeground3 },
});

const counts = (value: ItemCounts) => `+${value.created} ~${value.updated} −${value.deleted}`;

/**
 * Each user's result in a run: only the rows in view are in the DOM (a run over 10,000 mailboxes
 * opens at once), and a status filter finds the few that failed among them.
 */
export function UserResultsList({ users }: { users: readonly UserResult[] }) {
  const styles = useStyles();
  const timeZone = useJobsTimeZone();
  const [shown, setShown] = useState<ReadonlySet<UserResult['status']>>(new Set());
  const tally = useMemo(() => {
    const byStatus: Record<string, number> = { success: 0, partial: 0, failed: 0, skipped: 0 };
    for (const user of users) byStatus[user.status] = (byStatus[user.status] ?? 0) + 1;
    return byStatus;
  }, [users]);
  const visible = useMemo(() => (shown.size === 0 ? users : users.filter((user) => shown.has(user.status))), [users, shown]);
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the React Compiler is not used in this project.
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 8,
  });
  const toggle = (status: UserResult['status']) =>
    setShown((current) => {
      const next = new Set(current);
      if (!next.delete(status)) next.add(status);
      return next;
    });

  return (
    <>
      <div className={styles.filters}>
        <Toolbar aria-label="Show users with status">
          {statuses.map((status) => (
            <ToggleButton
              key={status}
              size="small"
              shape="circular"
              checked={shown.has(status)}
              disabled={tally[status] === 0}
              onClick={() => toggle(status)}
            >
              {statusLabels[status]} ({tally[status]})
            </ToggleButton>
          ))}
        </Toolbar>
        <Caption1 role="status" aria-live="polite" data-testid="user-results-count">
          {shown.size === 0 ? `${users.length} users` : `${visible.length} of ${users.length} users`}
        </Caption1>
      </div>
      <div ref={scroller} className={styles.scroller} role="table" aria-label="Per-user results" aria-rowcount={visible.length + 1}>
        <div role="row" className={`${styles.row} ${styles.header}`} style={{ position: 'sticky' }}>
          <span role="columnheader">User</span>
          <span role="columnheader">Status</span>
          <span role="columnheader" title="Created, updated, deleted in Outlook">
            In Outlook
          </span>
          <span role="columnheader" title="Created, updated, deleted from Outlook">
            From Outlook
          </span>
          <span role="columnheader">Errors and notes</span>
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const user = visible[item.index];
            const problems = [
              ...user.errors.map((error) => error.explanation),
              ...(user.retryAt ? [`Can be tried again after ${formatTime(user.retryAt, timeZone)}.`] : []),
            ];
            return (
              <div
                key={`${user.userId}-${item.index}`}
                role="row"
                aria-rowindex={item.index + 2}
                className={styles.row}
                style={{ top: item.start, height: rowHeight }}
                data-testid="user-result"
              >
                <span role="cell">{user.userName}</span>
                <span role="cell">
                  <RunStatusBadge status={user.status} />
                </span>
                <span role="cell">{counts(user.toOutlook)}</span>
                <span role="cell">{counts(user.fromOutlook)}</span>
                <span role="cell" className={styles.problems} title={[...problems, ...user.notes].join('\n')}>
                  {problems.length === 0 && user.notes.length === 0 ? '—' : problems.join(' ')}
                  {user.notes.length > 0 && <span className={styles.note}> {user.notes.join(' ')}</span>}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}
