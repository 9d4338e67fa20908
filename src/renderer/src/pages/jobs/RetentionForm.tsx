import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { ContractError, type HistoryRetention } from '../../../../shared/contract';
import { queryKeys } from '../../state/queryKeys';
import { useServerMutation } from '../../state/serverState';

const useStyles = makeStyles({
  form: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  input: { width: '90px' },
  // A label as wide as its words, not as the 90 px input under it ("Keep runs (per" / "job)").
  label: { whiteSpace: 'nowrap' },
});

/** How much history is kept: runs older than the days, or beyond the count, are removed daily. */
export function RetentionForm({ initial }: { initial: HistoryRetention }) {
  const styles = useStyles();
  const [days, setDays] = useState(String(initial.days));
  const [maxRuns, setMaxRuns] = useState(String(initial.maxRuns));
  const [errors, setErrors] = useState<{ days?: string; maxRuns?: string }>({});
  const [saved, setSaved] = useState(false);

  // Fewer kept runs change the history shown, so the list and the history are read again.
  const save = useServerMutation((client, retention: HistoryRetention) => client.call('jobs.setRetention', retention), {
    invalidates: [queryKeys.jobs],
    onSuccess: () => {
      setErrors({});
      setSaved(true);
    },
    onError: (error) => {
      const issues = error instanceof ContractError ? error.issues : [];
      const named = Object.fromEntries(issues.map((issue) => [issue.field, issue.message]));
      setErrors(issues.length > 0 ? named : { days: error.message });
    },
  });

  return (
    <form
      className={styles.form}
      aria-label="History retention"
      onSubmit={(event) => {
        event.preventDefault();
        setSaved(false);
        save.mutate({ days: Number(days), maxRuns: Number(maxRuns) });
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
