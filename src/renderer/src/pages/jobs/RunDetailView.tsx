import {
  Body1,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  ProgressBar,
  Subtitle2,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import type { RunDetail } from '../../../../shared/contract';
import { useConsoleStore } from '../../state/consoleStore';
import { formatClockTime } from '../../format/dateTime';
import { formatDuration, formatTime, triggerLabels } from './jobWords';
import { useJobsTimeZone } from './jobsQueries';
import { RunStatusBadge } from './RunStatusBadge';
import { UserResultsList } from './UserResultsList';

const useStyles = makeStyles({
  surface: { maxWidth: '1000px', width: '90vw' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  definition: { margin: 0 },
  log: {
    maxHeight: '260px',
    overflow: 'auto',
    margin: 0,
    padding: tokens.spacingVerticalS,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
  },
  line: {
    display: 'grid',
    gridTemplateColumns: '90px 70px 1fr',
    gap: tokens.spacingHorizontalS,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
  },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  error: { color: tokens.colorPaletteRedForeground1 },
});

/** One run: what happened, each user's result, and the run's own log lines. */
export function RunDetailView({ detail }: { detail: RunDetail }) {
  const styles = useStyles();
  const timeZone = useJobsTimeZone();
  // The run is an address (#/jobs/runs/:id): closing goes back to the job's page, and the page closes the detail.
  const goTo = useConsoleStore((state) => state.goTo);
  const closeRun = () => goTo({ page: 'jobs' });
  const showRunInLogs = useConsoleStore((state) => state.showRunInLogs);
  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && closeRun()}>
      <DialogSurface className={styles.surface} aria-describedby="run-summary">
        <DialogBody>
          <DialogTitle>
            Run of {formatTime(detail.startedAt, timeZone, { label: true })} <RunStatusBadge status={detail.status} />
          </DialogTitle>
          <DialogContent className={styles.content} data-testid="run-detail">
            <Body1 id="run-summary">{detail.summary}</Body1>
            {detail.status === 'running' && (
              <ProgressBar
                value={detail.usersTotal ? detail.usersDone / detail.usersTotal : undefined}
                aria-label={`${detail.usersDone} of ${detail.usersTotal} users done`}
              />
            )}
            <dl className={styles.facts}>
              <dt className={styles.term}>Trigger</dt>
              <dd className={styles.definition}>{triggerLabels[detail.trigger]}</dd>
              <dt className={styles.term}>Finished</dt>
              <dd className={styles.definition}>{formatTime(detail.finishedAt, timeZone)}</dd>
              <dt className={styles.term}>Duration</dt>
              <dd className={styles.definition}>{formatDuration(detail.durationMs)}</dd>
              <dt className={styles.term}>Users</dt>
              <dd className={styles.definition}>
                {detail.usersDone} of {detail.usersTotal} done, {detail.errorCount} {detail.errorCount === 1 ? 'error' : 'errors'}
              </dd>
            </dl>
            <Subtitle2 as="h3">Users</Subtitle2>
            {detail.users.length === 0 ? <Caption1>No user was synced in this run.</Caption1> : <UserResultsList users={detail.users} />}
            <Subtitle2 as="h3">Log</Subtitle2>
            <div className={styles.log} role="log" aria-label="Log lines of this run" data-testid="run-log" tabIndex={0}>
              {detail.logLines.map((line) => (
                <div
                  key={line.seq}
                  className={mergeClasses(styles.line, line.level === 'warning' && styles.warning, line.level === 'error' && styles.error)}
                >
                  <span>{formatClockTime(line.time, timeZone)}</span>
                  <span>{line.level.toUpperCase()}</span>
                  <span>{line.message}</span>
                </div>
              ))}
              {detail.logLinesDropped > 0 && <Caption1>… {detail.logLinesDropped} more lines are only in the log files.</Caption1>}
            </div>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => showRunInLogs(detail.id)}>Show in Logs</Button>
            <Button appearance="primary" onClick={closeRun}>
              Close
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
