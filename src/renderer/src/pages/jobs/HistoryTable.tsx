import {
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  Table,
  TableBody,
  TableCell,
  TableCellLayout,
  TableHeader,
  TableHeaderCell,
  TableRow,
  ToggleButton,
  Toolbar,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ChevronLeftRegular, ChevronRightRegular } from '@fluentui/react-icons';
import type { HistorySort, RunStatus } from '../../../../shared/contract';
import { useConsoleStore } from '../../state/consoleStore';
import { formatDuration, formatTime, statusLabels, triggerLabels } from './jobWords';
import { historyPageSize, useJobHistory, useJobsTimeZone, type HistoryView } from './jobsQueries';
import { RunStatusBadge } from './RunStatusBadge';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  bar: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  filters: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap', padding: 0 },
  table: { tableLayout: 'fixed' },
  row: { cursor: 'pointer' },
  summary: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  pager: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', justifyContent: 'flex-end' },
  empty: { padding: tokens.spacingVerticalL, color: tokens.colorNeutralForeground3 },
});

const filterable: RunStatus[] = ['running', 'success', 'partial', 'failed', 'skipped', 'interrupted'];

const columns: { key: HistorySort | 'summary'; label: string; width: string }[] = [
  { key: 'startedAt', label: 'Started', width: '200px' },
  { key: 'trigger', label: 'Trigger', width: '110px' },
  { key: 'status', label: 'Status', width: '120px' },
  { key: 'durationMs', label: 'Duration', width: '110px' },
  { key: 'errorCount', label: 'Errors', width: '80px' },
  { key: 'summary', label: 'Summary', width: 'auto' },
];

/** The job's runs, newest first: sorted, filtered and paged by the core, so thousands stay quick. */
export function HistoryTable({
  jobId,
  view,
  onViewChange,
}: {
  jobId: string;
  view: HistoryView;
  onViewChange: (view: HistoryView) => void;
}) {
  const styles = useStyles();
  const history = useJobHistory(jobId, view);
  const timeZone = useJobsTimeZone();
  const { runs, total } = history.data ?? { runs: [], total: 0 };
  const loading = history.isFetching;
  // A new filter or sort starts again from the first page.
  const setView = (change: Partial<HistoryView>) => onViewChange({ ...view, ...change, page: change.page ?? 0 });
  const goTo = useConsoleStore((state) => state.goTo);
  const pages = Math.max(1, Math.ceil(total / historyPageSize));
  const first = total === 0 ? 0 : view.page * historyPageSize + 1;
  const last = Math.min(total, (view.page + 1) * historyPageSize);

  const toggleStatus = (status: RunStatus) => {
    const statuses = view.statuses.includes(status) ? view.statuses.filter((item) => item !== status) : [...view.statuses, status];
    setView({ statuses });
  };
  const sortBy = (sort: HistorySort) => setView({ sort, descending: view.sort === sort ? !view.descending : true });

  return (
    <section className={styles.section} aria-labelledby="history-title">
      {history.error && (
        <MessageBar intent="error">
          <MessageBarBody>The job history could not be loaded: {history.error.message}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.bar}>
        <Toolbar aria-label="Show runs with status" className={styles.filters}>
          {filterable.map((status) => (
            <ToggleButton
              key={status}
              size="small"
              shape="circular"
              checked={view.statuses.includes(status)}
              onClick={() => toggleStatus(status)}
            >
              {statusLabels[status]}
            </ToggleButton>
          ))}
        </Toolbar>
        <Caption1 role="status" aria-live="polite" data-testid="history-count">
          {loading && runs.length === 0
            ? 'Loading…'
            : total === 0
              ? 'No runs'
              : `Runs ${first.toLocaleString()}–${last.toLocaleString()} of ${total.toLocaleString()}`}
          {view.statuses.length > 0 ? ` (${view.statuses.map((status) => statusLabels[status]).join(', ')})` : ''}
        </Caption1>
      </div>
      <Table aria-label="Run history" className={styles.table} size="small" data-testid="history-table">
        <TableHeader>
          <TableRow>
            {columns.map((column) => (
              <TableHeaderCell
                key={column.key}
                style={{ width: column.width }}
                sortable={column.key !== 'summary'}
                sortDirection={view.sort === column.key ? (view.descending ? 'descending' : 'ascending') : undefined}
                onClick={column.key === 'summary' ? undefined : () => sortBy(column.key as HistorySort)}
              >
                {column.label}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {runs.map((run) => (
            <TableRow
              key={run.id}
              className={styles.row}
              onClick={() => goTo({ page: 'jobs', runId: run.id })}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  goTo({ page: 'jobs', runId: run.id });
                }
              }}
              tabIndex={0}
              aria-label={`Run started ${formatTime(run.startedAt, timeZone)}, ${statusLabels[run.status]}: open its detail`}
              data-testid="history-row"
              data-run-id={run.id}
            >
              <TableCell>{formatTime(run.startedAt, timeZone)}</TableCell>
              <TableCell>{triggerLabels[run.trigger]}</TableCell>
              <TableCell>
                <RunStatusBadge status={run.status} />
              </TableCell>
              <TableCell>
                {run.status === 'running' ? `${run.usersDone}/${run.usersTotal} users` : formatDuration(run.durationMs)}
              </TableCell>
              <TableCell>{run.errorCount}</TableCell>
              <TableCell title={run.summary}>
                <TableCellLayout truncate className={styles.summary}>
                  {run.summary}
                </TableCellLayout>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {runs.length === 0 && !loading && <Caption1 className={styles.empty}>No run matches. Runs appear here as they start.</Caption1>}
      <div className={styles.pager}>
        <Button size="small" icon={<ChevronLeftRegular />} disabled={view.page === 0} onClick={() => setView({ page: view.page - 1 })}>
          Previous page
        </Button>
        <Caption1>
          Page {view.page + 1} of {pages.toLocaleString()}
        </Caption1>
        <Button
          size="small"
          icon={<ChevronRightRegular />}
          iconPosition="after"
          disabled={view.page + 1 >= pages}
          onClick={() => setView({ page: view.page + 1 })}
        >
          Next page
        </Button>
      </div>
    </section>
  );
}
