import {
  Body1,
  Button,
  Caption1,
  Card,
  CardHeader,
  Divider,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Subtitle1,
  Subtitle2,
  Switch,
  Tab,
  TabList,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CalendarSyncRegular, PlayRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { JobSummary } from '../../../../shared/contract';
import { useConsoleStore } from '../../state/consoleStore';
import { queryKeys } from '../../state/queryKeys';
import { useServerMutation } from '../../state/serverState';
import { HistoryTable } from './HistoryTable';
import { formatTime } from './jobWords';
import { firstHistoryView, useJobsList, useJobsTimeZone, useRunDetail, type HistoryView } from './jobsQueries';
import { RunDetailView } from './RunDetailView';
import { runRate } from './runRate';
import { RetentionForm } from './RetentionForm';
import { RunStatusBadge } from './RunStatusBadge';
import { ScheduleEditor } from './ScheduleEditor';
import { SyncLimitsForm } from './SyncLimitsForm';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  facts: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))', gap: tokens.spacingHorizontalL },
  fact: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  label: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexShrink: 0, whiteSpace: 'nowrap' },
  progress: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

export function JobsPage() {
  const styles = useStyles();
  const list = useJobsList();
  const jobs = list.data?.jobs ?? [];
  const [chosenJobId, setChosenJobId] = useState<string>();
  const [view, setView] = useState<HistoryView>(firstHistoryView);
  const selectedJobId = chosenJobId ?? jobs[0]?.id;
  const job = jobs.find((candidate) => candidate.id === selectedJobId);
  // A run's address (#/jobs/runs/:id) opens its detail; the page's own address closes it.
  const runId = useConsoleStore((state) => (state.route.page === 'jobs' ? state.route.runId : undefined));
  const run = useRunDetail(runId);
  // A running run's progress comes with every run event (into the jobs list); its users' results
  // are read again less often the more users it has (state/jobsCache.ts).
  const liveRun = jobs.find((known) => known.running?.id === runId)?.running;
  const detail = run.data?.status === 'running' && liveRun ? { ...run.data, ...liveRun } : run.data;
  const selectJob = (jobId: string) => {
    if (jobId === selectedJobId) return;
    setChosenJobId(jobId);
    setView({ ...view, page: 0 });
  };
  const error = list.error
    ? `The scheduled jobs could not be loaded: ${list.error.message}`
    : run.error && `The run could not be opened: ${run.error.message}`;

  return (
    <section className={styles.page} aria-label="Scheduled jobs">
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {jobs.length > 1 && (
        <TabList selectedValue={selectedJobId} onTabSelect={(_event, data) => selectJob(String(data.value))} aria-label="Scheduled jobs">
          {jobs.map((candidate) => (
            <Tab key={candidate.id} value={candidate.id}>
              {candidate.name}
            </Tab>
          ))}
        </TabList>
      )}
      {job && <JobCard key={job.id} job={job} />}
      {job && (
        <Card appearance="outline">
          <CardHeader
            header={
              <Subtitle1 as="h2" id="history-title">
                History
              </Subtitle1>
            }
            description={<Caption1>Every run, with each user’s result and the run’s log. Select a run for its detail.</Caption1>}
            action={list.data && <RetentionForm initial={list.data.retention} />}
          />
          {/* Keyed by the job: another job's runs never stand in while its own are read. */}
          <HistoryTable key={job.id} jobId={job.id} view={view} onViewChange={setView} />
        </Card>
      )}
      {runId && detail && <RunDetailView detail={detail} />}
    </section>
  );
}

function JobCard({ job }: { job: JobSummary }) {
  const styles = useStyles();
  const timeZone = useJobsTimeZone();
  const syncLimits = useJobsList().data?.syncLimits;
  const [message, setMessage] = useState<{ intent: 'success' | 'warning' | 'error'; text: string }>();
  const running = job.running;

  const setActive = useServerMutation((client, active: boolean) => client.call('jobs.update', { jobId: job.id, active }), {
    invalidates: [queryKeys.jobsList],
    onSuccess: (_job, active) =>
      setMessage({
        intent: 'success',
        text: active ? `${job.name} is active again.` : `${job.name} is paused: it runs only when you click Run now.`,
      }),
    onError: (failure, active) =>
      setMessage({ intent: 'error', text: `The job could not be ${active ? 'resumed' : 'paused'}: ${failure.message}` }),
  });
  const runNow = useServerMutation((client) => client.call('jobs.runNow', { jobId: job.id }), {
    onSuccess: ({ run }) =>
      setMessage(run.status === 'skipped' ? { intent: 'warning', text: run.summary } : { intent: 'success', text: `${job.name} started.` }),
    onError: (failure) => setMessage({ intent: 'error', text: `The run could not start: ${failure.message}` }),
  });

  return (
    <Card appearance="filled-alternative" aria-labelledby="job-title" data-testid="job-card">
      <CardHeader
        image={<CalendarSyncRegular fontSize={32} />}
        header={
          <Subtitle1 as="h2" id="job-title">
            {job.name}
          </Subtitle1>
        }
        description={<Caption1>{job.description}</Caption1>}
        action={
          // An on-demand job (the contacts push) is started, cancelled and resumed on its own page.
          job.onDemand ? undefined : (
            <div className={styles.actions}>
              <Switch
                label={job.active ? 'Active' : 'Paused'}
                checked={job.active}
                onChange={(_event, data) => setActive.mutate(data.checked)}
              />
              <Button appearance="primary" icon={<PlayRegular />} onClick={() => runNow.mutate(undefined)} disabled={Boolean(running)}>
                Run now
              </Button>
            </div>
          )
        }
      />
      <div className={styles.facts}>
        <div className={styles.fact}>
          <Caption1 className={styles.label}>Schedule</Caption1>
          <Body1>{job.onDemand ? 'None: runs when started on its page' : <code>{job.cron}</code>}</Body1>
        </div>
        {!job.onDemand && (
          <div className={styles.fact}>
            <Caption1 className={styles.label}>Next run ({timeZone})</Caption1>
            <Body1 data-testid="next-run">{job.active ? formatTime(job.nextRunAt, timeZone) : 'Paused'}</Body1>
          </div>
        )}
        <div className={styles.fact}>
          <Caption1 className={styles.label}>Last run</Caption1>
          <Body1 data-testid="last-run">
            {job.lastRun ? (
              <>
                <RunStatusBadge status={job.lastRun.status} /> {formatTime(job.lastRun.finishedAt, timeZone)}
              </>
            ) : (
              'Not run yet'
            )}
          </Body1>
        </div>
      </div>
      {job.lastRun && !running && <Caption1>{job.lastRun.summary}</Caption1>}
      {running && (
        <div className={styles.progress} data-testid="run-progress">
          <Subtitle2>Running since {formatTime(running.startedAt, timeZone)}</Subtitle2>
          <ProgressBar
            value={running.usersTotal ? running.usersDone / running.usersTotal : undefined}
            aria-label={`${running.usersDone} of ${running.usersTotal} users done`}
          />
          <Caption1>
            {running.usersTotal ? `${running.usersDone} of ${running.usersTotal} users done` : 'Preparing…'}
            {/* Issue 17: the pace and the time left, from the run's own progress. */}
            {runRate(running, new Date()) && ` · ${runRate(running, new Date())}`}
          </Caption1>
        </div>
      )}
      {message && (
        <MessageBar intent={message.intent} role="status">
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      <Divider />
      {!job.onDemand && <ScheduleEditor job={job} />}
      {syncLimits && <SyncLimitsForm initial={syncLimits} />}
    </Card>
  );
}
