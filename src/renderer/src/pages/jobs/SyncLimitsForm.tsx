import { Button, Caption1, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { ContractError, type SyncLimits } from '../../../../shared/contract';
import { queryKeys } from '../../state/queryKeys';
import { useServerMutation } from '../../state/serverState';

const useStyles = makeStyles({
  form: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  input: { width: '90px' },
  hint: { color: tokens.colorNeutralForeground3, maxWidth: '60ch' },
});

/**
 * The longest wait Outlook may ask for: a longer one ends that mailbox's part of the run (the
 * others go on) and the run's result says when to try it again. The pool size: how many mailboxes
 * a run syncs side by side.
 */
export function SyncLimitsForm({ initial }: { initial: SyncLimits }) {
  const styles = useStyles();
  const [minutes, setMinutes] = useState(String(initial.maxWaitMinutes));
  const [pool, setPool] = useState(String(initial.mailboxPool));
  const [error, setError] = useState<{ field: 'maxWaitMinutes' | 'mailboxPool'; message: string }>();
  const [saved, setSaved] = useState(false);

  const save = useServerMutation((client, limits: SyncLimits) => client.call('jobs.setSyncLimits', limits), {
    invalidates: [queryKeys.jobsList],
    onSuccess: (next) => {
      setMinutes(String(next.maxWaitMinutes));
      setPool(String(next.mailboxPool));
      setError(undefined);
      setSaved(true);
    },
    onError: (failure) => {
      const issue = failure instanceof ContractError ? failure.issues[0] : undefined;
      setError({
        field: issue?.field.endsWith('mailboxPool') ? 'mailboxPool' : 'maxWaitMinutes',
        message: issue ? issue.message : failure.message,
      });
    },
  });

  return (
    <form
      className={styles.form}
      aria-label="Waiting for Outlook"
      onSubmit={(event) => {
        event.preventDefault();
        setSaved(false);
        save.mutate({ maxWaitMinutes: Number(minutes), mailboxPool: Number(pool) });
      }}
    >
      <Field
        label="Longest wait for Outlook (minutes)"
        size="small"
        validationState={error?.field === 'maxWaitMinutes' ? 'error' : 'none'}
        validationMessage={error?.field === 'maxWaitMinutes' ? error.message : undefined}
      >
        <Input
          className={styles.input}
          size="small"
          value={minutes}
          inputMode="numeric"
          onChange={(_event, data) => setMinutes(data.value)}
        />
      </Field>
      <Field
        label="Mailboxes synced at once"
        size="small"
        validationState={error?.field === 'mailboxPool' ? 'error' : 'none'}
        validationMessage={error?.field === 'mailboxPool' ? error.message : undefined}
      >
        <Input className={styles.input} size="small" value={pool} inputMode="numeric" onChange={(_event, data) => setPool(data.value)} />
      </Field>
      <Button size="small" type="submit">
        {saved ? 'Saved' : 'Save'}
      </Button>
      <Caption1 className={styles.hint}>
        When Outlook asks a mailbox to wait longer (Retry-After), that user’s part of the run stops and the other users go on; the run’s
        result says when the mailbox can be tried again. Outlook allows 4 requests at once per mailbox, so mailboxes are synced side by
        side; when Microsoft throttles the whole app, every mailbox waits together.
      </Caption1>
    </form>
  );
}
