import { Body1, Button, Caption1, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowResetRegular, SaveRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { ContractError, type JobSummary } from '../../../../shared/contract';
import { useConsoleStore } from '../../state/consoleStore';
import { formatTime, useJobs } from './jobsStore';

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

type Preview = { nextRuns: string[]; description: string } | { error: string };

/** The cron field with a live preview of the next five runs, read in the administrator's zone. */
export function ScheduleEditor({ job }: { job: JobSummary }) {
  const styles = useStyles();
  const client = useConsoleStore((state) => state.client);
  const timeZone = useJobs((state) => state.timeZone);
  const upsertJob = useJobs((state) => state.upsertJob);
  const [cron, setCron] = useState(job.cron);
  const [preview, setPreview] = useState<Preview>();
  const [saved, setSaved] = useState<string>();
  const [saving, setSaving] = useState(false);
  const dirty = cron.trim().replace(/\s+/g, ' ') !== job.cron;

  useEffect(() => {
    if (!client) return;
    let current = true;
    // Wait for a pause in typing before asking: one preview per edit, not per key.
    const timer = setTimeout(() => {
      client.call('jobs.preview', { cron }).then(
        (result) => current && setPreview(result),
        (error: Error) =>
          current && setPreview({ error: error instanceof ContractError && error.issues[0] ? error.issues[0].message : error.message }),
      );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, cron]);

  const save = async () => {
    if (!client || 'error' in (preview ?? {})) return;
    setSaving(true);
    try {
      const next = await client.call('jobs.update', { jobId: job.id, cron });
      upsertJob(next);
      setCron(next.cron);
      setSaved(`Saved. ${job.name} now runs on "${next.cron}".`);
    } catch (error) {
      setPreview({ error: error instanceof ContractError && error.issues[0] ? error.issues[0].message : (error as Error).message });
    } finally {
      setSaving(false);
    }
  };

  const error = preview && 'error' in preview ? preview.error : undefined;
  return (
    <div className={styles.layout}>
      <form
        className={styles.form}
        aria-label="Schedule"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
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
              onChange={(_event, data) => {
                setCron(data.value);
                setSaved(undefined);
              }}
              spellCheck={false}
              autoComplete="off"
            />
          </Field>
          <Button type="submit" appearance="primary" icon={<SaveRegular />} disabled={!dirty || Boolean(error) || saving}>
            Save schedule
          </Button>
          <Button icon={<ArrowResetRegular />} disabled={cron === job.defaultCron} onClick={() => setCron(job.defaultCron)}>
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
      {preview && !('error' in preview) && (
        <div className={styles.previewBox} data-testid="cron-preview" aria-live="polite">
          <Body1 as="p">
            <strong>{preview.description}</strong> — the next five runs ({timeZone}):
          </Body1>
          <ol className={styles.preview}>
            {preview.nextRuns.map((run) => (
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
