import { Button, Dropdown, Field, Input, Option, makeStyles, tokens } from '@fluentui/react-components';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { logLevelSchema, type LogLevel } from '../../../../shared/contract';
import { queryKeys } from '../../state/queryKeys';
import { useServerMutation, useServerQuery } from '../../state/serverState';

type LogSettingsChange = { level?: LogLevel; retentionDays?: number };

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'flex-end', flexWrap: 'wrap' },
  retention: { width: '120px' },
});

/** The guide's "set the log mode to DEBUG", and how long the files are kept. Saved across restarts. */
export function LogSettingsBar() {
  const styles = useStyles();
  const cache = useQueryClient();
  const status = useServerQuery(queryKeys.logStatus, (client) => client.call('log.status')).data;
  const [retentionDraft, setRetention] = useState<string>();
  const [retentionError, setRetentionError] = useState<string>();
  const [message, setMessage] = useState<string>();
  const level = status?.level;
  const retention = retentionDraft ?? (status ? String(status.retentionDays) : '');
  const configure = useServerMutation((client, change: LogSettingsChange) => client.call('log.configure', change), {
    onSuccess: (next, change) => {
      cache.setQueryData(queryKeys.logStatus, next);
      setMessage(change.level ? `Log level is now ${next.level.toUpperCase()}.` : `Log files are kept for ${next.retentionDays} days.`);
    },
    onError: (error, change) => (change.retentionDays === undefined ? setMessage(error.message) : setRetentionError(error.message)),
  });

  const saveRetention = () => {
    const days = Number(retention);
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
      setRetentionError('Enter a whole number of days from 1 to 3650.');
      return;
    }
    setRetentionError(undefined);
    configure.mutate({ retentionDays: days });
  };

  return (
    <div className={styles.bar}>
      <Field label="Log level" hint="DEBUG records every request, for troubleshooting.">
        <Dropdown
          value={level?.toUpperCase() ?? ''}
          selectedOptions={level ? [level] : []}
          onOptionSelect={(_event, data) => {
            const parsed = logLevelSchema.safeParse(data.optionValue);
            if (parsed.success) configure.mutate({ level: parsed.data });
          }}
        >
          {logLevelSchema.options.map((option) => (
            <Option key={option} value={option}>
              {option.toUpperCase()}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          saveRetention();
        }}
        className={styles.bar}
      >
        <Field label="Keep log files (days)" validationMessage={retentionError} validationState={retentionError ? 'error' : 'none'}>
          <Input className={styles.retention} value={retention} onChange={(_event, data) => setRetention(data.value)} inputMode="numeric" />
        </Field>
        <Button type="submit">Save</Button>
      </form>
      <Field label="Log folder">
        <Input readOnly value={status?.directory ?? ''} aria-readonly />
      </Field>
      <span role="status" aria-live="polite">
        {message}
      </span>
    </div>
  );
}
