import {
  Badge,
  Button,
  Card,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  ProgressBar,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  AddRegular,
  ArrowDownloadRegular,
  ArrowResetRegular,
  ArrowSyncRegular,
  ArrowUploadRegular,
  DeleteRegular,
  SettingsRegular,
} from '@fluentui/react-icons';
import { useMemo, useState } from 'react';
import type { EventKind, SyncOutcomeView, WorkspaceEvent, WorkspaceUser } from '../../../../shared/contract';
import { useConsoleTimeZone } from '../../format/dateTime';
import { useConsoleStore } from '../../state/consoleStore';
import { queryKeys } from '../../state/queryKeys';
import { useServerMutation, useServerQuery } from '../../state/serverState';
import { CalendarSettingsPanel } from './CalendarSettingsPanel';
import { describeRecurrence, describeSyncOutcome, describeWhen } from './calendarFormat';
import { EventDialog } from './EventDialog';
import { ImportEventsDialog } from './ImportEventsDialog';
import { ResetSyncDialog } from './ResetSyncDialog';
import { TimeZoneSetting } from './TimeZoneSetting';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  toolbar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'end' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  row: { cursor: 'pointer' },
  badges: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
});

type Notice = { intent: 'success' | 'warning' | 'error'; text: string };

/** Meetings and calls: list, filter, view and edit them; Sync now and Reset sync for one user. */
export function CalendarPage() {
  const styles = useStyles();
  const client = useConsoleStore((state) => state.client);
  const timeZone = useConsoleTimeZone();
  const [userId, setUserId] = useState<number>();
  const [kind, setKind] = useState<EventKind>();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<'new'>();
  const [resetting, setResetting] = useState(false);
  const [importing, setImporting] = useState(false);
  const [showSettings, setShowSettings] = useState(false);
  const [notice, setNotice] = useState<Notice>();

  // An event has an address (#/calendar/events/:id): opening one goes there, and the address opens it.
  const goTo = useConsoleStore((state) => state.goTo);
  const eventId = useConsoleStore((state) => (state.route.page === 'calendar' ? state.route.eventId : undefined));
  const openEvent = (id: number) => goTo({ page: 'calendar', eventId: String(id) });
  const routedId = Number(eventId);
  const routed = useServerQuery(queryKeys.calendarEvent(routedId), (client) => client.call('calendar.getEvent', { id: routedId }), {
    enabled: Boolean(eventId) && Number.isInteger(routedId),
  });
  const shownEvent = eventId && routed.data && String(routed.data.id) === eventId ? routed.data : undefined;

  const usersQuery = useServerQuery(queryKeys.accessOverview, (client) => client.call('access.overview'));
  const users = useMemo(() => (usersQuery.data?.users ?? []).filter((user) => user.active), [usersQuery.data]);
  const filter = { userId, kind, search: search.trim() || undefined };
  // While a new filter is read the table keeps showing the previous answer.
  const eventsQuery = useServerQuery(
    queryKeys.calendarEvents(filter),
    (client) => client.call('calendar.listEvents', { ...filter, limit: 500 }),
    {
      keepPreviousData: true,
    },
  );
  const events = eventsQuery.data?.events ?? [];
  const total = eventsQuery.data?.total ?? 0;
  // A failed read is shown while it stands; otherwise the outcome of the last action.
  const shownNotice: Notice | undefined = eventsQuery.error
    ? { intent: 'error', text: `The events could not be loaded: ${eventsQuery.error.message}` }
    : routed.isError
      ? { intent: 'error', text: `There is no event ${eventId} (it may have been deleted).` }
      : notice;

  const user = users.find((candidate) => candidate.id === userId);
  const userName = (id: number | null) => users.find((candidate) => candidate.id === id)?.name ?? 'Nobody';

  const failed = (failure: Error) => setNotice({ intent: 'error', text: failure.message });
  const sync = useServerMutation((client, user: WorkspaceUser) => client.call('calendar.syncNow', { userId: user.id }), {
    invalidates: [queryKeys.calendar],
    onSuccess: (outcome: SyncOutcomeView) => {
      setNotice({
        intent: outcome.status === 'success' ? 'success' : outcome.status === 'failed' ? 'error' : 'warning',
        text: describeSyncOutcome(outcome),
      });
    },
    onError: failed,
  });
  const syncing = sync.isPending;
  const syncNow = () => {
    if (!user) return;
    setNotice(undefined);
    sync.mutate(user);
  };
  /** The list as filtered, or one event: a save dialog in desktop, a download in the browser. */
  const exportIcs = async (event?: WorkspaceEvent) => {
    if (!client) return;
    try {
      const input = event ? { eventId: event.id } : { filter: { ...filter, limit: 5000 } };
      const result = await client.call('calendar.exportIcs', input);
      if (result.delivery.kind === 'download') await client.saveDownload(result.delivery.url, result.fileName);
      if (result.delivery.kind !== 'cancelled')
        setNotice({
          intent: 'success',
          text: `Exported ${result.count} ${result.count === 1 ? 'event' : 'events'} to ${result.delivery.kind === 'saved' ? result.delivery.path : result.fileName}.`,
        });
    } catch (failure) {
      setNotice({ intent: 'error', text: `The iCalendar export failed: ${(failure as Error).message}` });
    }
  };
  const resetSync = useServerMutation(
    (client, { user, choice }: { user: WorkspaceUser; choice: 'keep' | 'removeFromOutlookCopies' }) =>
      client.call('calendar.resetSync', { userId: user.id, existingEvents: choice }),
    {
      invalidates: [queryKeys.calendar],
      onSuccess: ({ removedEvents }, { user }) =>
        setNotice({
          intent: 'success',
          text: `The calendar sync of ${user.name} was reset${removedEvents ? ` and ${removedEvents} events from Outlook were removed here` : ''}. The next sync reads the whole calendar again.`,
        }),
      onError: failed,
    },
  );
  const reset = (choice: 'keep' | 'removeFromOutlookCopies') => user && resetSync.mutate({ user, choice });
  const deletion = useServerMutation((client, event: WorkspaceEvent) => client.call('calendar.deleteEvent', { id: event.id }), {
    invalidates: [queryKeys.calendar],
    onSuccess: (_result, event) =>
      setNotice({
        intent: 'success',
        text: event.inOutlook ? `"${event.name}" was deleted; the next sync removes it from Outlook too.` : `"${event.name}" was deleted.`,
      }),
    onError: failed,
  });
  const remove = (event: WorkspaceEvent) => deletion.mutate(event);

  return (
    <section className={styles.page} aria-label="Calendar">
      <Card appearance="filled-alternative">
        <div className={styles.toolbar}>
          <Field label="User">
            <Dropdown
              value={user?.name ?? 'All users'}
              selectedOptions={[String(userId ?? '')]}
              onOptionSelect={(_e, data) => setUserId(data.optionValue ? Number(data.optionValue) : undefined)}
            >
              <Option value="">All users</Option>
              {users.map((candidate) => (
                <Option key={candidate.id} value={String(candidate.id)}>
                  {candidate.name}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Field label="Type">
            <Dropdown
              value={kind === 'meeting' ? 'Meetings' : kind === 'call' ? 'Calls' : 'Meetings and calls'}
              selectedOptions={[kind ?? '']}
              onOptionSelect={(_e, data) => setKind((data.optionValue || undefined) as EventKind | undefined)}
            >
              <Option value="">Meetings and calls</Option>
              <Option value="meeting">Meetings</Option>
              <Option value="call">Calls</Option>
            </Dropdown>
          </Field>
          <Field label="Search">
            <Input type="search" value={search} onChange={(_e, data) => setSearch(data.value)} placeholder="Name or location" />
          </Field>
          <div className={styles.actions}>
            <Button appearance="primary" icon={<AddRegular />} onClick={() => setEditing('new')}>
              New event
            </Button>
            <Button icon={<ArrowDownloadRegular />} onClick={() => void exportIcs()} disabled={events.length === 0}>
              Export .ics
            </Button>
            <Button icon={<ArrowUploadRegular />} onClick={() => setImporting(true)}>
              Import .ics…
            </Button>
            {user && (
              <>
                <Button icon={<ArrowSyncRegular />} onClick={syncNow} disabled={syncing}>
                  Sync now
                </Button>
                <Button icon={<ArrowResetRegular />} onClick={() => setResetting(true)} disabled={syncing}>
                  Reset sync…
                </Button>
                <Button icon={<SettingsRegular />} aria-expanded={showSettings} onClick={() => setShowSettings((shown) => !shown)}>
                  Calendar settings
                </Button>
              </>
            )}
          </div>
        </div>
        <TimeZoneSetting />
      </Card>
      {syncing && <ProgressBar aria-label={`Syncing the calendar of ${user?.name}`} />}
      {shownNotice && (
        <MessageBar intent={shownNotice.intent} role="status" data-testid="calendar-notice">
          <MessageBarBody>{shownNotice.text}</MessageBarBody>
        </MessageBar>
      )}
      {user && showSettings && <CalendarSettingsPanel key={user.id} userId={user.id} userName={user.name} />}
      <Table aria-label={`Events: ${events.length} of ${total}`} size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>When ({timeZone})</TableHeaderCell>
            <TableHeaderCell>Type</TableHeaderCell>
            <TableHeaderCell>Assigned user</TableHeaderCell>
            <TableHeaderCell>Outlook</TableHeaderCell>
            <TableHeaderCell>Actions</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {events.length === 0 && (
            <TableRow>
              <TableCell colSpan={6}>No events match. Create one, or sync a user's Outlook calendar.</TableCell>
            </TableRow>
          )}
          {events.map((event) => (
            <TableRow key={event.id} className={styles.row} onClick={() => openEvent(event.id)} data-testid="event-row">
              <TableCell>
                <Button appearance="transparent" onClick={() => openEvent(event.id)}>
                  {event.name}
                </Button>
              </TableCell>
              <TableCell>{describeWhen(event, timeZone)}</TableCell>
              <TableCell>{event.kind === 'call' ? 'Call' : 'Meeting'}</TableCell>
              <TableCell>{userName(event.assignedUserId)}</TableCell>
              <TableCell>
                <span className={styles.badges}>
                  {event.inOutlook ? (
                    <Badge appearance="tint" color="success">
                      In Outlook
                    </Badge>
                  ) : (
                    <Badge appearance="tint" color="informative">
                      Not yet in Outlook
                    </Badge>
                  )}
                  {event.origin === 'outlook' && <Badge appearance="outline">From Outlook</Badge>}
                  {event.joinUrl && <Badge appearance="outline">Online meeting</Badge>}
                  {event.onlineMeeting && !event.joinUrl && event.inOutlook && (
                    <Badge
                      appearance="tint"
                      color="warning"
                      title="Asked for an online meeting, but Outlook has none for it: the assigned user’s calendar may allow no online meeting provider (the last sync says why)."
                    >
                      No online meeting
                    </Badge>
                  )}
                  {event.seriesMasterId && <Badge appearance="outline">Occurrence of a series</Badge>}
                  {event.recurrence && !event.seriesMasterId && (
                    <Badge appearance="outline" title={describeRecurrence(event.recurrence) ?? undefined}>
                      Series
                    </Badge>
                  )}
                  {event.removedInOutlook && (
                    <Badge appearance="tint" color="warning">
                      Deleted in Outlook
                    </Badge>
                  )}
                </span>
              </TableCell>
              <TableCell>
                <Button
                  appearance="subtle"
                  icon={<ArrowDownloadRegular />}
                  aria-label={`Export ${event.name} as .ics`}
                  onClick={(clickEvent) => {
                    clickEvent.stopPropagation();
                    void exportIcs(event);
                  }}
                />
                <Button
                  appearance="subtle"
                  icon={<DeleteRegular />}
                  aria-label={`Delete ${event.name}`}
                  onClick={(clickEvent) => {
                    clickEvent.stopPropagation();
                    remove(event);
                  }}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {(editing || shownEvent) && (
        <EventDialog
          key={editing ?? shownEvent?.id}
          event={editing === 'new' ? undefined : shownEvent}
          users={users}
          defaultUserId={userId}
          onClose={(saved) => {
            setEditing(undefined);
            if (eventId) goTo({ page: 'calendar' });
            if (saved)
              setNotice({
                intent: 'success',
                text: `"${saved.name}" was saved${saved.assignedUserId ? '; it goes to Outlook with the next sync of its assigned user' : ''}.`,
              });
          }}
        />
      )}
      {importing && (
        <ImportEventsDialog
          users={users}
          defaultUserId={userId}
          onClose={(created) => {
            setImporting(false);
            if (created !== undefined)
              setNotice({ intent: 'success', text: `Imported ${created} ${created === 1 ? 'event' : 'events'} from the iCalendar file.` });
          }}
        />
      )}
      {resetting && user && <ResetSyncDialog userName={user.name} onConfirm={reset} onClose={() => setResetting(false)} />}
    </section>
  );
}
