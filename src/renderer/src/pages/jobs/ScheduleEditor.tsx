import { Body1, Button, Caption1, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowResetRegular, SaveRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { ContractError, type JobSummary } from '../../../../shared/contract';
import { queryKeys } from '../../state/queryKeys';
import { useServerMutation, useServerQuery } from '../../state/serverState';
import { formatTime } from './jobWords';
import { useJobsTimeZone } from './jobsQueries';

const useStyles = makeStyles({
  layout: {
    display: 'grid',
    gridTemplateColumns: 'minmax(320px, 1fr) minmax(280px, 1fr)',
    gap: tokens.spacingHorizontalXXL,
    alignItems: 'start',
  },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  previewBox: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  input: { width: '220px', fontFamily: tokens.fontFamilyMonospace },
  preview: {
    margin: `${tokens.spacingVerticalXS} 0 0`,
    paddingLeft: tokens.spacingHorizontalXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** A schedule's problem in words: the field's own message when the contract names one. */
const problemOf = (error: Error) => (error instanceof ContractError && error.issues[0] ? error.issues[0].message : error.message);

/** The cron field with a live preview of the next five runs, read in the administrator's zone. */
export function ScheduleEditor({ job }: { job: JobSummary }) {
  const styles = useStyles();
  const timeZone = useJobsTimeZone();
  const [cron, setCron] = useState(job.cron);
  const [previewedCron, setPreviewedCron] = useState(job.cron);
  const [saved, setSaved] = useState<string>();
  const [saveError, setSaveError] = useState<string>();
  const dirty = cron.trim().replace(/\s+/g, ' ') !== job.cron;

  useEffect(() => {
    // Wait for a pause in typing before asking: one preview per edit, not per key.
    const timer = setTimeout(() => setPreviewedCron(cron), 200);
    return () => clearTimeout(timer);
  }, [cron]);
  // The last preview stays while the next one is read, so the box does not blink while typing.
  const preview = useServerQuery(queryKeys.jobPreview(previewedCron), (client) => client.call('jobs.preview', { cron: previewedCron }), {
    keepPreviousData: true,
  });

  const save = useServerMutation((client, next: string) => client.call('jobs.update', { jobId: job.id, cron: next }), {
    invalidates: [queryKeys.jobsList],
    onSuccess: (next) => {
      setCron(next.cron);
      setSaved(`Saved. ${job.name} now runs on "${next.cron}".`);
    },
    onError: (failure) => setSaveError(problemOf(failure)),
  });
  const editCron = (next: string) => {
    setCron(next);
    setSaved(undefined);
    setSaveError(undefined);
  };

  const error = saveError ?? (preview.error ? problemOf(preview.error) : undefined);
  return (
    <div className={styles.layout}>
      <form
        className={styles.form}
        aria-label="Schedule"
        onSubmit={(event) => {
          event.preventDefault();
          if (!error) save.mutate(cron);
        }}
      >
        <div className={styles.row}>
          <Field
            label="Schedule (cron)"
            hint="Five fields: minute hour day-of-month month day-of-week."
            validationState={error ? 'error' : 'none'}
            validationMessage={error}
          >
            <Input
              className={styles.input}
              value={cron}
              onChange={(_event, data) => editCron(data.value)}
              spellCheck={false}
              autoComplete="off"
            />
          </Field>
          <Button type="submit" appearance="primary" icon={<SaveRegular />} disabled={!dirty || Boolean(error) || save.isPending}>
            Save schedule
          </Button>
          <Button icon={<ArrowResetRegular />} disabled={cron === job.defaultCron} onClick={() => editCron(job.defaultCron)}>
            Default ({job.defaultCron})
          </Button>
        </div>
        {saved && (
          <Caption1 role="status" aria-live="polite">
            {saved}
          </Caption1>
        )}
        {!job.active && <Caption1 className={styles.muted}>The job is paused: the schedule applies once it is active again.</Caption1>}
      </form>
      {preview.data && !preview.error && (
        <div className={styles.previewBox} data-testid="cron-preview" aria-live="polite">
          <Body1 as="p">
            <strong>{preview.data.description}</strong> — the next five runs ({timeZone}):
          </Body1>
          <ol className={styles.preview}>
            {preview.data.nextRuns.map((run) => (
              <li key={run}>
                <Caption1>{formatTime(run, timeZone)}</Caption1>
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}
