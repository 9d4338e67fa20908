import {
  Body1,
  Caption1,
  Card,
  CardHeader,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Suspense, useState } from 'react';
import type { JobSummary, RunPoint } from '../../../../shared/contract';
import { queryKeys } from '../../state/queryKeys';
import { useServerQuery } from '../../state/serverState';
import { RouteLink } from '../../routing/RouteLink';
import { lazyNamed } from '../../components/lazyNamed';

// The charting library is the largest part of the console's code: loaded once there is a run to draw.
const RunLineCharts = lazyNamed(() => import('./RunLineCharts'), 'RunLineCharts');

const useStyles = makeStyles({
  card: { minWidth: 0 },
  controls: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'flex-end', flexWrap: 'wrap' },
});

const dayChoices = [1, 7, 14, 30] as const;

/** How the sync behaved over the last days: one point per finished run, read from the job history by main. */
export function RunCharts({ jobs }: { jobs?: JobSummary[] }) {
  const styles = useStyles();
  const [jobId, setJobId] = useState<string>();
  const [days, setDays] = useState<number>(7);
  const shownJob = jobId ?? jobs?.[0]?.id;
  // Read again when one of the job's runs finishes (state/jobsCache.ts).
  const trends = useServerQuery(
    queryKeys.jobTrends(shownJob ?? '', days),
    (client) => client.call('jobs.trends', { jobId: shownJob!, days }),
    { enabled: Boolean(shownJob) },
  );
  const error = trends.error ? `The run history could not be read: ${trends.error.message}` : undefined;

  const points = trends.data && trends.data.jobId === shownJob ? trends.data.points : [];
  return (
    <Card className={styles.card} aria-labelledby="run-charts-title" data-testid="run-charts">
      <CardHeader
        header={
          <Subtitle2 as="h2" id="run-charts-title">
            Runs over the last days
          </Subtitle2>
        }
        description={<Caption1>Each point is one finished run; select a point for its numbers.</Caption1>}
      />
      <div className={styles.controls}>
        {jobs && jobs.length > 1 && (
          <Field label="Job">
            <Dropdown
              value={jobs.find((job) => job.id === shownJob)?.name ?? ''}
              selectedOptions={shownJob ? [shownJob] : []}
              onOptionSelect={(_event, data) => setJobId(data.optionValue)}
            >
              {jobs.map((job) => (
                <Option key={job.id} value={job.id}>
                  {job.name}
                </Option>
              ))}
            </Dropdown>
          </Field>
        )}
        <Field label="Period">
          <Dropdown
            value={periodWords(days)}
            selectedOptions={[String(days)]}
            onOptionSelect={(_event, data) => setDays(Number(data.optionValue))}
          >
            {dayChoices.map((choice) => (
              <Option key={choice} value={String(choice)}>
                {periodWords(choice)}
              </Option>
            ))}
          </Dropdown>
        </Field>
      </div>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <Body1 data-testid="run-charts-summary">{summarise(points, days)}</Body1>
      {trends.data && trends.data.pointsLeftOut > 0 && (
        <Caption1>
          The {trends.data.pointsLeftOut} oldest runs of the period are left out of the charts; the daily totals count them.
        </Caption1>
      )}
      {points.length > 0 && (
        <Suspense fallback={<Spinner label="Drawing the charts…" />}>
          <RunLineCharts points={points} />
        </Suspense>
      )}
      {points.length > 0 && (
        <Caption1>
          Latest run: <RouteLink to={{ page: 'jobs', runId: points[points.length - 1].runId }}>open its detail</RouteLink>.
        </Caption1>
      )}
    </Card>
  );
}

function periodWords(days: number): string {
  return days === 1 ? 'Today' : `Last ${days} days`;
}

/** The charts in words: for screen readers, and for an administrator who wants the totals. */
export function summarise(points: RunPoint[], days: number): string {
  if (points.length === 0) return `No finished run in the ${periodWords(days).toLowerCase()}: the charts appear after the first run.`;
  const sum = (pick: (point: RunPoint) => number) => points.reduce((total, point) => total + pick(point), 0);
  const average = Math.round(sum((point) => point.durationMs) / points.length / 100) / 10;
  const failed = points.filter((point) => point.status === 'failed').length;
  return (
    `${points.length} run${points.length === 1 ? '' : 's'} (${failed} failed), ${average} s on average; ` +
    `${sum((point) => point.toOutlook)} changes to Outlook and ${sum((point) => point.fromOutlook)} from Outlook; ` +
    `${sum((point) => point.errors)} errors; ${Math.round(sum((point) => point.throttleWaitMs) / 1000)} s waiting for Outlook.`
  );
}
