import { Button, Dropdown, Field, Input, Option, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { logLevelSchema, type LogLevel } from '../../../../shared/contract';
import { useConsoleStore } from '../../state/consoleStore';

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'flex-end', flexWrap: 'wrap' },
  retention: { width: '120px' },
});

/** The guide's "set the log mode to DEBUG", and how long the files are kept. Saved across restarts. */
export function LogSettingsBar() {
  const styles = useStyles();
  const client = useConsoleStore((state) => state.client);
  const [level, setLevel] = useState<LogLevel>();
  const [directory, setDirectory] = useState('');
  const [retention, setRetention] = useState('');
  const [retentionError, setRetentionError] = useState<string>();
  const [message, setMessage] = useState<string>();

  useEffect(() => {
    client?.call('log.status').then((status) => {
      setLevel(status.level);
      setRetention(String(status.retentionDays));
      setDirectory(status.directory);
    });
  }, [client]);

  const changeLevel = async (next: LogLevel) => {
    if (!client) return;
    const status = await client.call('log.configure', { level: next });
    setLevel(status.level);
    setMessage(`Log level is now ${status.level.toUpperCase()}.`);
  };

  const saveRetention = async () => {
    if (!client) return;
    const days = Number(retention);
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
      setRetentionError('Enter a whole number of days from 1 to 3650.');
      return;
    }
    setRetentionError(undefined);
    try {
      const status = await client.call('log.configure', { retentionDays: days });
      setMessage(`Log files are kept for ${status.retentionDays} days.`);
    } catch (error) {
      setRetentionError((error as Error).message);
    }
  };

  return (
    <div className={styles.bar}>
      <Field label="Log level" hint="DEBUG records every request, for troubleshooting.">
        <Dropdown
          value={level?.toUpperCase() ?? ''}
          selectedOptions={level ? [level] : []}
          onOptionSelect={(_event, data) => {
            const parsed = logLevelSchema.safeParse(data.optionValue);
            if (parsed.success) void changeLevel(parsed.data);
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
          void saveRetention();
        }}
        className={styles.bar}
      >
        <Field label="Keep log files (days)" validationMessage={retentionError} validationState={retentionError ? 'error' : 'none'}>
          <Input className={styles.retention} value={retention} onChange={(_event, data) => setRetention(data.value)} inputMode="numeric" />
        </Field>
        <Button type="submit">Save</Button>
      </form>
      <Field label="Log folder">
        <Input readOnly value={directory} aria-readonly />
      </Field>
      <span role="status" aria-live="polite">
        {message}
      </span>
    </div>
  );
}
