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
import { useEffect, useState } from 'react';
import type { EventKind, SyncOutcomeView, WorkspaceEvent, WorkspaceUser } from '../../../../shared/contract';
import { useConsoleTimeZone } from '../../format/dateTime';
import { useConsoleStore } from '../../state/consoleStore';
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
  const [users, setUsers] = useState<WorkspaceUser[]>([]);
  const [events, setEvents] = useState<WorkspaceEvent[]>([]);
  const [total, setTotal] = useState(0);
  const [userId, setUserId] = useState<number>();
  const [kind, setKind] = useState<EventKind>();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<'new'>();
  const [routedEvent, setRoutedEvent] = useState<WorkspaceEvent>();
  const [resetting, setResetting] = useState(false);
  const [importing, setImporting] = useState(false);
  const [showSettings, setShowSettings] = useState(false);
  const [syncing, setSyncing] = useState(false);
  const [notice, setNotice] = useState<Notice>();

  const [refresh, setRefresh] = useState(0);
  // An event has an address (#/calendar/events/:id): opening one goes there, and the address opens it.
  const goTo = useConsoleStore((state) => state.goTo);
  const eventId = useConsoleStore((state) => (state.route.page === 'calendar' ? state.route.eventId : undefined));
  const openEvent = (id: number) => goTo({ page: 'calendar', eventId: String(id) });
  const shownEvent = eventId && routedEvent && String(routedEvent.id) === eventId ? routedEvent : undefined;
  useEffect(() => {
    const id = Number(eventId);
    if (!client || !eventId || !Number.isInteger(id)) return;
    let current = true;
    client.call('calendar.getEvent', { id }).then(
      (event) => current && setRoutedEvent(event),
      () => current && setNotice({ intent: 'error', text: `There is no event ${eventId} (it may have been deleted).` }),
    );
    return () => {
      current = false;
    };
  }, [client, eventId]);

  useEffect(() => {
    if (!client) return;
    client.call('access.overview').then(
      (overview) => setUsers(overview.users.filter((user) => user.active)),
      () => setUsers([]),
    );
    return client.on('calendar.changed', () => setRefresh((count) => count + 1));
  }, [client]);
  useEffect(() => {
    if (!client) return;
    let current = true;
    client.call('calendar.listEvents', { userId, kind, search: search.trim() || undefined, limit: 500 }).then(
      (answer) => {
        if (!current) return;
        setEvents(answer.events);
        setTotal(answer.total);
      },
      (failure: Error) => current && setNotice({ intent: 'error', text: `The events could not be loaded: ${failure.message}` }),
    );
    return () => {
      current = false;
    };
  }, [client, userId, kind, search, refresh]);

  const user = users.find((candidate) => candidate.id === userId);
  const userName = (id: number | null) => users.find((candidate) => candidate.id === id)?.name ?? 'Nobody';

  const syncNow = async () => {
    if (!client || !user) return;
    setSyncing(true);
    setNotice(undefined);
    try {
      const outcome: SyncOutcomeView = await client.call('calendar.syncNow', { userId: user.id });
      setNotice({
        intent: outcome.status === 'success' ? 'success' : outcome.status === 'failed' ? 'error' : 'warning',
        text: describeSyncOutcome(outcome),
      });
    } catch (failure) {
      setNotice({ intent: 'error', text: (failure as Error).message });
    } finally {
      setSyncing(false);
    }
  };
  /** The list as filtered, or one event: a save dialog in desktop, a download in the browser. */
  const exportIcs = async (event?: WorkspaceEvent) => {
    if (!client) return;
    try {
      const input = event ? { eventId: event.id } : { filter: { userId, kind, search: search.trim() || undefined, limit: 5000 } };
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
  const reset = async (choice: 'keep' | 'removeFromOutlookCopies') => {
    if (!client || !user) return;
    try {
      const { removedEvents } = await client.call('calendar.resetSync', { userId: user.id, existingEvents: choice });
      setNotice({
        intent: 'success',
        text: `The calendar sync of ${user.name} was reset${removedEvents ? ` and ${removedEvents} events from Outlook were removed here` : ''}. The next sync reads the whole calendar again.`,
      });
    } catch (failure) {
      setNotice({ intent: 'error', text: (failure as Error).message });
    }
  };
  const remove = async (event: WorkspaceEvent) => {
    if (!client) return;
    try {
      await client.call('calendar.deleteEvent', { id: event.id });
      setNotice({
        intent: 'success',
        text: event.inOutlook ? `"${event.name}" was deleted; the next sync removes it from Outlook too.` : `"${event.name}" was deleted.`,
      });
    } catch (failure) {
      setNotice({ intent: 'error', text: (failure as Error).message });
    }
  };

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
                <Button icon={<ArrowSyncRegular />} onClick={() => void syncNow()} disabled={syncing}>
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
      {notice && (
        <MessageBar intent={notice.intent} role="status" data-testid="calendar-notice">
          <MessageBarBody>{notice.text}</MessageBarBody>
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
                    void remove(event);
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
      {resetting && user && (
        <ResetSyncDialog userName={user.name} onConfirm={(choice) => void reset(choice)} onClose={() => setResetting(false)} />
      )}
    </section>
  );
}
