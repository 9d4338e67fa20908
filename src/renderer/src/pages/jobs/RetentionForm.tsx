import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { ContractError, type HistoryRetention } from '../../../../shared/contract';
import { useConsoleStore } from '../../state/consoleStore';
import { useJobs } from './jobsStore';

const useStyles = makeStyles({
  form: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  input: { width: '90px' },
  // A label as wide as its words, not as the 90 px input under it ("Keep runs (per" / "job)").
  label: { whiteSpace: 'nowrap' },
});

/** How much history is kept: runs older than the days, or beyond the count, are removed daily. */
export function RetentionForm({ initial }: { initial: HistoryRetention }) {
  const styles = useStyles();
  const client = useConsoleStore((state) => state.client);
  const refresh = useJobs((state) => state.refresh);
  const [days, setDays] = useState(String(initial.days));
  const [maxRuns, setMaxRuns] = useState(String(initial.maxRuns));
  const [errors, setErrors] = useState<{ days?: string; maxRuns?: string }>({});
  const [saved, setSaved] = useState(false);

  const save = async () => {
    if (!client) return;
    setSaved(false);
    try {
      const next = await client.call('jobs.setRetention', { days: Number(days), maxRuns: Number(maxRuns) });
      useJobs.setState({ retention: next });
      setErrors({});
      setSaved(true);
      await refresh(client);
    } catch (error) {
      const issues = error instanceof ContractError ? error.issues : [];
      const named = Object.fromEntries(issues.map((issue) => [issue.field, issue.message]));
      setErrors(issues.length > 0 ? named : { days: (error as Error).message });
    }
  };

  return (
    <form
      className={styles.form}
      aria-label="History retention"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <Field
        label={{ children: 'Keep days', className: styles.label }}
        size="small"
        validationState={errors.days ? 'error' : 'none'}
        validationMessage={errors.days}
      >
        <Input className={styles.input} size="small" value={days} inputMode="numeric" onChange={(_event, data) => setDays(data.value)} />
      </Field>
      <Field
        label={{ children: 'Keep runs (per job)', className: styles.label }}
        size="small"
        validationState={errors.maxRuns ? 'error' : 'none'}
        validationMessage={errors.maxRuns}
      >
        <Input
          className={styles.input}
          size="small"
          value={maxRuns}
          inputMode="numeric"
          onChange={(_event, data) => setMaxRuns(data.value)}
        />
      </Field>
      <Button size="small" type="submit">
        {saved ? 'Saved' : 'Save'}
      </Button>
    </form>
  );
}
