import {
  Button,
  Caption1,
  Card,
  CardHeader,
  Checkbox,
  Dropdown,
  Field,
  Input,
  Label,
  MessageBar,
  MessageBarBody,
  Option,
  Radio,
  RadioGroup,
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { CalendarSettings, SyncDirection } from '../../../../shared/contract';
import { queryKeys } from '../../state/queryKeys';
import { useServerMutation, useServerQuery } from '../../state/serverState';
import { fieldMessages } from './calendarFormat';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '560px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
});

const directions: Array<{ value: SyncDirection; label: string }> = [
  { value: 'both', label: 'Both ways' },
  { value: 'toOutlook', label: 'Console → Outlook' },
  { value: 'fromOutlook', label: 'Outlook → Console' },
];

/**
 * One user's calendar sync settings. Self-contained (it loads and saves through the contract) so
 * the Accounts page can mount it next to the user's connected account. Mount it with
 * `key={userId}` so another user starts from a clean form.
 */
export function CalendarSettingsPanel({ userId, userName }: { userId: number; userName: string }) {
  const styles = useStyles();
  const cache = useQueryClient();
  const stored = useServerQuery(queryKeys.calendarSettings(userId), (client) => client.call('calendar.getSettings', { userId }));
  const listed = useServerQuery(queryKeys.outlookCalendars(userId), (client) => client.call('calendar.listCalendars', { userId }));
  const calendars = listed.data?.calendars;
  const calendarsError = listed.error?.message;
  // The form's copy once edited; until then the stored settings, as the console's events keep them.
  const [draft, setDraft] = useState<CalendarSettings>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string>();
  const save = useServerMutation((client, next: CalendarSettings) => client.call('calendar.saveSettings', next), {
    onSuccess: (next) => {
      cache.setQueryData(queryKeys.calendarSettings(userId), next);
      setDraft(undefined);
      setErrors({});
      setSaved(`Calendar settings of ${userName} saved. They apply from the next sync.`);
    },
    onError: (failure) => {
      setSaved(undefined);
      setErrors(fieldMessages(failure));
    },
  });

  const settings = draft ?? stored.data;
  const loadError = errors.form ?? stored.error?.message;
  if (!settings)
    return loadError ? (
      <MessageBar intent="error">
        <MessageBarBody>{loadError}</MessageBarBody>
      </MessageBar>
    ) : null;
  const update = (patch: Partial<CalendarSettings>) => setDraft({ ...settings, ...patch });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (settings) save.mutate(settings);
  }

  return (
    <Card appearance="outline" aria-labelledby={`calendar-settings-${userId}`}>
      <CardHeader
        header={
          <Subtitle2 as="h3" id={`calendar-settings-${userId}`}>
            Calendar settings of {userName}
          </Subtitle2>
        }
        description={<Caption1>Which Outlook calendar, which way, and what is synced.</Caption1>}
      />
      <form className={styles.form} onSubmit={submit} noValidate>
        <Field
          label="Outlook calendar"
          hint={
            calendarsError
              ? `The calendars could not be listed: ${calendarsError}`
              : 'Changing it starts the sync over in the new calendar; events here are kept.'
          }
        >
          <Dropdown
            value={settings.calendarName ?? 'Default calendar'}
            selectedOptions={[settings.calendarId ?? '']}
            onOptionSelect={(_e, data) => {
              const chosen = calendars?.find((calendar) => calendar.id === data.optionValue);
              update({
                calendarId: chosen && !chosen.isDefault ? chosen.id : null,
                calendarName: chosen && !chosen.isDefault ? chosen.name : null,
              });
            }}
          >
            <Option value="">Default calendar</Option>
            {(calendars ?? [])
              .filter((calendar) => !calendar.isDefault)
              .map((calendar) => (
                <Option key={calendar.id} value={calendar.id}>
                  {calendar.name}
                </Option>
              ))}
          </Dropdown>
        </Field>
        <Field label="Direction">
          <RadioGroup value={settings.direction} onChange={(_e, data) => update({ direction: data.value as SyncDirection })}>
            {directions.map((direction) => (
              <Radio key={direction.value} value={direction.value} label={direction.label} />
            ))}
          </RadioGroup>
        </Field>
        {/* A Field would name only its first checkbox; a labelled group names both. */}
        <div role="group" aria-labelledby={`sync-these-${userId}`} className={styles.group}>
          <Label id={`sync-these-${userId}`}>Sync these</Label>
          <Checkbox
            label="Meetings"
            checked={settings.syncMeetings}
            onChange={(_e, data) => update({ syncMeetings: data.checked === true })}
          />
          <Checkbox label="Calls" checked={settings.syncCalls} onChange={(_e, data) => update({ syncCalls: data.checked === true })} />
          {errors.syncMeetings && <Field validationMessage={errors.syncMeetings} />}
        </div>
        <Field
          label="Sync since"
          validationMessage={errors.syncSince}
          hint="Events that ended before this date are left alone. Empty: 30 days back from the first sync."
        >
          <Input type="date" value={settings.syncSince ?? ''} onChange={(_e, data) => update({ syncSince: data.value || null })} />
        </Field>
        <Checkbox
          label="Send contact and lead attendees to Outlook"
          checked={settings.sendContactAttendees}
          onChange={(_e, data) => update({ sendContactAttendees: data.checked === true })}
        />
        <Checkbox
          label="Add an online meeting (Teams) to new meetings by default"
          checked={settings.onlineMeetingByDefault ?? false}
          onChange={(_e, data) => update({ onlineMeetingByDefault: data.checked === true })}
        />
        {errors.form && (
          <MessageBar intent="error">
            <MessageBarBody>{errors.form}</MessageBarBody>
          </MessageBar>
        )}
        {saved && (
          <MessageBar intent="success" role="status">
            <MessageBarBody>{saved}</MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.actions}>
          <Button appearance="primary" type="submit">
            Save calendar settings
          </Button>
        </div>
      </form>
    </Card>
  );
}
