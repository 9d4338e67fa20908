import { Button, Combobox, Field, Option, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useConsoleTimeZone } from '../../format/dateTime';
import { useConsoleStore } from '../../state/consoleStore';
import { useAppInfo, useSettings } from '../../state/serverState';
import { fieldMessages } from './calendarFormat';

const useStyles = makeStyles({
  line: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'end' },
  box: { minWidth: '18em' },
});

const allZones = Intl.supportedValuesOf('timeZone');

/** The administrator's time zone: every date and time in the console is shown in it, and the schedule runs in it. */
export function TimeZoneSetting() {
  const styles = useStyles();
  const client = useConsoleStore((state) => state.client);
  const chosen = useSettings()?.timeZone.zone ?? null;
  const machineZone = useAppInfo()?.timeZone;
  const zone = useConsoleTimeZone();
  const [text, setText] = useState<string>();
  const [error, setError] = useState<string>();
  const typed = text ?? zone;
  const matches = allZones.filter((candidate) => candidate.toLowerCase().includes(typed.toLowerCase())).slice(0, 40);

  async function save(next: string | null) {
    if (!client) return;
    setError(undefined);
    try {
      await client.call('settings.update', { timeZone: { zone: next } });
      setText(undefined);
    } catch (failure) {
      setError(fieldMessages(failure).form ?? Object.values(fieldMessages(failure))[0]);
    }
  }

  return (
    <Field
      label="Time zone of the console"
      validationMessage={error}
      hint={`Every date and time is shown in this zone, and the schedule runs in it. ${
        chosen === null
          ? `It follows the zone of the machine the console runs on (${machineZone ?? '…'}).`
          : `The machine's own zone is ${machineZone ?? '…'}.`
      }`}
    >
      <div className={styles.line}>
        <Combobox
          className={styles.box}
          aria-label="Time zone of the console"
          freeform
          value={typed}
          selectedOptions={[zone]}
          onChange={(changeEvent) => setText(changeEvent.target.value)}
          onOptionSelect={(_e, data) => data.optionValue && void save(data.optionValue)}
        >
          {matches.map((candidate) => (
            <Option key={candidate} value={candidate}>
              {candidate}
            </Option>
          ))}
        </Combobox>
        {text !== undefined && text !== zone && (
          <Button appearance="primary" onClick={() => void save(text.trim())}>
            Use this zone
          </Button>
        )}
        {chosen !== null && (
          <Button appearance="secondary" onClick={() => void save(null)}>
            Use the machine’s zone
          </Button>
        )}
      </div>
    </Field>
  );
}
