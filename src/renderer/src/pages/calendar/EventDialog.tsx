import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  Link,
  Option,
  Radio,
  RadioGroup,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import type { ChannelInput, EventKind, WorkspaceEvent, WorkspaceUser } from '../../../../shared/contract';
import { queryKeys } from '../../state/queryKeys';
import { useServerMutation, useServerQuery } from '../../state/serverState';
import { fromZonedInput, toZonedInput, useConsoleTimeZone } from '../../format/dateTime';
import { addDays, describeRecurrence, fieldMessages } from './calendarFormat';
import { RecurrenceEditor, recurrenceFromStored } from './RecurrenceEditor';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalM, alignItems: 'start' },
});

type Props = { event?: WorkspaceEvent; users: readonly WorkspaceUser[]; defaultUserId?: number; onClose: (saved?: WorkspaceEvent) => void };

const nextFullHour = (plusHours: number) => new Date((Math.ceil(Date.now() / 3600_000) + plusHours) * 3600_000).toISOString();

const statusLabels = { planned: 'Planned', held: 'Held', notHeld: 'Not held' } as const;

/** Creates or edits a meeting or call. All-day events take their last day; the end stored is the day after. */
export function EventDialog({ event, users, defaultUserId, onClose }: Props) {
  const styles = useStyles();
  const consoleZone = useConsoleTimeZone();
  const toLocalInput = (iso: string) => toZonedInput(iso, consoleZone);
  const [kind, setKind] = useState<EventKind>(event?.kind ?? 'meeting');
  const [name, setName] = useState(event?.name ?? '');
  const [allDay, setAllDay] = useState(event?.allDay ?? false);
  const [start, setStart] = useState(() =>
    event ? (event.allDay ? event.start : toLocalInput(event.start)) : toLocalInput(nextFullHour(0)),
  );
  const [end, setEnd] = useState(() =>
    event ? (event.allDay ? addDays(event.end, -1) : toLocalInput(event.end)) : toLocalInput(nextFullHour(1)),
  );
  const [location, setLocation] = useState(event?.location ?? '');
  const [description, setDescription] = useState(event?.description ?? '');
  const [status, setStatus] = useState<WorkspaceEvent['status']>(event?.status ?? 'planned');
  const [assignedUserId, setAssignedUserId] = useState<number | null>(event?.assignedUserId ?? defaultUserId ?? null);
  const [attendees, setAttendees] = useState((event?.attendees ?? []).map((a) => a.email).join(', '));
  const [recurrence, setRecurrence] = useState(() => (event?.seriesMasterId ? null : recurrenceFromStored(event?.recurrence ?? null)));
  const [errors, setErrors] = useState<Record<string, string>>({});
  // A new meeting takes its assigned user's default for "Add online meeting".
  const assignedSettings = useServerQuery(
    queryKeys.calendarSettings(assignedUserId ?? 0),
    (client) => client.call('calendar.getSettings', { userId: assignedUserId! }),
    { enabled: !event && assignedUserId !== null },
  ).data;
  // A choice made here holds for the user it was made for; another assigned user brings their default.
  const [onlineChoice, setOnlineChoice] = useState<{ userId: number | null; on: boolean }>();
  const onlineDefault = event ? event.onlineMeeting : (assignedSettings?.onlineMeetingByDefault ?? false);
  const onlineMeeting = onlineChoice && (event || onlineChoice.userId === assignedUserId) ? onlineChoice.on : onlineDefault;
  const setOnlineMeeting = (on: boolean) => setOnlineChoice({ userId: assignedUserId, on });
  const save = useServerMutation((client, input: ChannelInput<'calendar.saveEvent'>) => client.call('calendar.saveEvent', input), {
    invalidates: [queryKeys.calendar],
    onSuccess: (saved) => onClose(saved),
    onError: (failure) => setErrors(fieldMessages(failure)),
  });
  const saving = save.isPending;
  // A new event lives in the console's zone; an existing one keeps its own (Outlook repeats a series in it).
  const timeZone = event?.timeZone ?? consoleZone;

  const switchAllDay = (next: boolean) => {
    setAllDay(next);
    setStart((value) => (next ? value.slice(0, 10) : `${value.slice(0, 10)}T09:00`));
    setEnd((value) => (next ? value.slice(0, 10) : `${value.slice(0, 10)}T10:00`));
  };

  function submit(formEvent: FormEvent) {
    formEvent.preventDefault();
    save.mutate({
      ...(event ? { id: event.id } : {}),
      kind,
      name,
      allDay,
      start: allDay ? start : fromZonedInput(start, consoleZone),
      end: allDay ? (end ? addDays(end, 1) : '') : fromZonedInput(end, consoleZone),
      timeZone,
      location,
      description,
      status,
      assignedUserId,
      attendees: attendees.split(/[,;\s]+/).filter(Boolean),
      recurrence,
      onlineMeeting: kind === 'meeting' && onlineMeeting,
    });
  }

  const occurrenceOf = event?.seriesMasterId ? describeRecurrence(event.recurrence) : null;
  const assigned = users.find((user) => user.id === assignedUserId);
  return (
    <Dialog open onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{event ? `Edit ${event.name}` : 'New event'}</DialogTitle>
            <DialogContent className={styles.form}>
              {occurrenceOf && <Field hint={`An occurrence of a series (${occurrenceOf}). Changes here apply to this occurrence only.`} />}
              {event?.removedInOutlook && (
                <Field
                  validationState="warning"
                  validationMessage="This event was deleted in Outlook. Saving it sends it to Outlook again."
                />
              )}
              <Field label="Type">
                <RadioGroup value={kind} layout="horizontal" onChange={(_e, data) => setKind(data.value as EventKind)}>
                  <Radio value="meeting" label="Meeting" />
                  <Radio value="call" label="Call" />
                </RadioGroup>
              </Field>
              <Field label="Name" required validationMessage={errors.name}>
                <Input value={name} onChange={(_e, data) => setName(data.value)} autoFocus maxLength={255} />
              </Field>
              <Checkbox label="All day" checked={allDay} onChange={(_e, data) => switchAllDay(data.checked === true)} />
              <div className={styles.row}>
                <Field label={allDay ? 'First day' : `Start (${consoleZone})`} required validationMessage={errors.start}>
                  <Input type={allDay ? 'date' : 'datetime-local'} value={start} onChange={(_e, data) => setStart(data.value)} />
                </Field>
                <Field label={allDay ? 'Last day' : `End (${consoleZone})`} required validationMessage={errors.end}>
                  <Input type={allDay ? 'date' : 'datetime-local'} value={end} onChange={(_e, data) => setEnd(data.value)} />
                </Field>
              </div>
              {!event?.seriesMasterId && (
                <RecurrenceEditor value={recurrence} firstDay={start.slice(0, 10)} onChange={setRecurrence} errors={errors} />
              )}
              <Field
                label="Assigned user (the organiser)"
                validationMessage={errors.assignedUserId}
                hint="The event goes to this user's Outlook calendar when they sync."
              >
                <Dropdown
                  value={assigned?.name ?? 'Nobody'}
                  selectedOptions={[String(assignedUserId ?? '')]}
                  onOptionSelect={(_e, data) => setAssignedUserId(data.optionValue ? Number(data.optionValue) : null)}
                >
                  <Option value="">Nobody</Option>
                  {users.map((user) => (
                    <Option key={user.id} value={String(user.id)}>
                      {user.name}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              <Field
                label="Attendees"
                validationMessage={errors.attendees}
                hint="Email addresses, separated by commas. Users, contacts and leads are recognised by their email."
              >
                <Input value={attendees} onChange={(_e, data) => setAttendees(data.value)} />
              </Field>
              {kind === 'meeting' && (
                <Field
                  validationMessage={errors.onlineMeeting}
                  hint={
                    event?.joinUrl
                      ? undefined
                      : event?.onlineMeeting && event.inOutlook
                        ? 'Outlook has not made an online meeting for this event: the last sync says why (its calendar may allow no online meeting provider).'
                        : 'Outlook makes the meeting with the provider the user’s calendar allows (Teams), when the event is synced.'
                  }
                >
                  <Checkbox
                    label="Add online meeting"
                    checked={onlineMeeting}
                    onChange={(_e, data) => setOnlineMeeting(data.checked === true)}
                  />
                  {event?.joinUrl && (
                    <Link href={event.joinUrl} target="_blank" rel="noreferrer" data-testid="join-link">
                      Join the online meeting
                    </Link>
                  )}
                </Field>
              )}
              <Field label="Location" validationMessage={errors.location}>
                <Input value={location} onChange={(_e, data) => setLocation(data.value)} maxLength={255} />
              </Field>
              <Field label="Status">
                <RadioGroup value={status} layout="horizontal" onChange={(_e, data) => setStatus(data.value as WorkspaceEvent['status'])}>
                  {Object.entries(statusLabels).map(([value, label]) => (
                    <Radio key={value} value={value} label={label} />
                  ))}
                </RadioGroup>
              </Field>
              <Field
                label="Description"
                validationMessage={errors.description}
                hint={
                  event?.origin === 'outlook'
                    ? 'This event came from Outlook: its description is kept in Outlook and not sent back from here.'
                    : undefined
                }
              >
                <Textarea value={description} onChange={(_e, data) => setDescription(data.value)} resize="vertical" />
              </Field>
              {errors.form && <Field validationMessage={errors.form} />}
              {errors.timeZone && <Field validationMessage={errors.timeZone} />}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => onClose()}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={saving}>
                {event ? 'Save' : 'Create event'}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
