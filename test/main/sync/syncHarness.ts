// A console workspace (SQLite + access control) and the emulator side by side, with the calendar
// sync engine between them: Adele and Alex have Outlook Calendar access and connected accounts.
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { AccessService } from '../../../src/main/access/accessService';
import type { GraphAccessProvider } from '../../../src/main/graph/graphAccess';
import { MailboxGates } from '../../../src/main/graph/mailboxGate';
import { defaultRetryPolicy, type RetryPolicy } from '../../../src/main/graph/retryPolicy';
import type { Logger } from '../../../src/main/logs/logService';
import type { PushHooks } from '../../../src/main/sync/calendarPush';
import { CalendarSyncEngine } from '../../../src/main/sync/calendarSyncEngine';
import type { AttendeeDirectory } from '../../../src/main/sync/eventMapping';
import type { EventEdit } from '../../../src/main/sync/eventStore';
import { openWorkspaceDatabase } from '../../../src/main/store/workspaceDatabase';
import type { DemoTenant } from '../../emulator/demoTenant';
import type { Emulator } from '../../emulator/server';
import type { StoredEvent as MailboxEvent } from '../../emulator/store';
import { startDemoEmulator } from '../../emulator/support/session';
import { emulatorAccounts, type EmulatorAccounts } from '../../support/emulatorGraphAccess';

export const ADELE = 'adele.vance@contoso.onmicrosoft.com';
export const ALEX = 'alex.wilber@contoso.onmicrosoft.com';
export const DIEGO = 'diego.siciliani@contoso.onmicrosoft.com';

export type LogLine = { level: string; message: string };

export function collectingLogger(lines: LogLine[]): Logger {
  const write = (level: string) => (message: string) => void lines.push({ level, message });
  const logger: Logger = {
    debug: write('debug'),
    info: write('info'),
    notice: write('notice'),
    warning: write('warning'),
    error: write('error'),
    child: () => logger,
  };
  return logger;
}

export type SyncHarness = Awaited<ReturnType<typeof createSyncHarness>>;

export async function createSyncHarness(
  dir: string,
  options: { pageSize?: number; directory?: AttendeeDirectory; policy?: Partial<RetryPolicy>; gates?: MailboxGates } = {},
) {
  const { emulator, demo }: { emulator: Emulator; demo: DemoTenant } = await startDemoEmulator();
  const db: DatabaseSync = openWorkspaceDatabase({ path: join(dir, 'workspace.db'), now: () => new Date(), notify: () => {} });
  const access = new AccessService({ db, operator: 'test', now: () => new Date(), onChange: () => {} });
  const role = access.createRole('Calendar sync');
  access.setRoleScope(role.id, 'outlookCalendar', true);
  const accounts: EmulatorAccounts = emulatorAccounts(emulator, demo);
  const addUser = async (name: string, email: string, withScope = true) => {
    const user = access.createUser({ name, email, type: 'regular', roleIds: withScope ? [role.id] : [] });
    await accounts.connect(user.id, email);
    return user;
  };
  const adele = await addUser('Adele Vance', ADELE);
  const alex = await addUser('Alex Wilber', ALEX);
  const waits: number[] = [];
  const lines: LogLine[] = [];
  const gates = options.gates ?? new MailboxGates();
  const engine = (hooks?: PushHooks, now: () => Date = () => new Date(), graphAccess: GraphAccessProvider = accounts.provider) =>
    new CalendarSyncEngine({
      db,
      now,
      graphAccess,
      access,
      gates,
      directory: options.directory,
      pageSize: options.pageSize,
      hooks,
      policy: { ...defaultRetryPolicy, timeoutMs: 5_000, sleep: async (ms) => void waits.push(ms), ...options.policy },
    });
  const main = engine();
  const mailbox = (upn: string) => emulator.directory.mailbox(emulator.directory.findUser(upn)!.id);
  return {
    emulator,
    demo,
    db,
    access,
    accounts,
    gates,
    adele,
    alex,
    addUser,
    waits,
    lines,
    engine: main,
    events: main.events,
    records: main.records,
    makeEngine: engine,
    sync: (user: { id: number; name: string }, using = main) =>
      using.syncUser(user.id, user.name, { log: collectingLogger(lines), signal: new AbortController().signal }),
    mailboxEvents: (upn: string): MailboxEvent[] => [...mailbox(upn).events.values()],
    mailboxEvent: (upn: string, subject: string): MailboxEvent | undefined =>
      [...mailbox(upn).events.values()].find((event) => event.fields.subject === subject),
    eventNamed: (name: string) => main.events.list({ search: name, limit: 100 }).events.filter((event) => event.name === name),
    graphRequests: () => emulator.requestLog.graph(),
    async close() {
      await emulator.stop();
      db.close();
    },
  };
}

/** A console meeting assigned to `userId`, one hour from `start`. */
export function meeting(name: string, userId: number, start: string, extra: Partial<EventEdit> = {}): EventEdit {
  return {
    kind: 'meeting',
    name,
    start: new Date(start).toISOString(),
    end: new Date(Date.parse(start) + 3600_000).toISOString(),
    allDay: false,
    timeZone: 'UTC',
    location: '',
    description: '',
    status: 'planned',
    assignedUserId: userId,
    attendees: [],
    ...extra,
  };
}

/** An ISO instant `days` from now at `hour`:00 UTC. */
export function daysAhead(days: number, hour = 9): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString();
}
