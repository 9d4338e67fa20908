// Calendar sync killed for real, in each direction: the built headless console is SIGKILLed
// before, during and after a `$batch` (or a delta page), between two users and during the run
// after the restart, started again on the same data folder and run again. Then the console and
// both mailboxes hold every event exactly once, with every edit and deletion made on either side,
// the database is intact and the killed run is marked interrupted, listing the users whose sync had
// finished before the kill (each result is written before the pool starts the next user).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail, SyncDirection, WorkspaceEvent } from '../../../src/shared/contract';
import type { DemoTenant } from '../../emulator/demoTenant';
import type { Emulator } from '../../emulator/server';
import type { StoredEvent } from '../../emulator/store';
import { startDemoEmulator } from '../../emulator/support/session';
import {
  ensureConsoleBuilt,
  integrityOf,
  killAt,
  prepareConsole,
  untilKilled,
  waitUntil,
  type ConsoleApi,
  type KillPoint,
  useCrashableConsoles,
  type RunningConsole,
} from '../../support/crashableConsole';

const ADELE = 'adele.vance@contoso.onmicrosoft.com';
const DIEGO = 'diego.siciliani@contoso.onmicrosoft.com';
const upns = [ADELE, DIEGO];
const jobId = 'outlookCalendarSync';

let emulator: Emulator;
let demo: DemoTenant;
let template: { dataDir: string; userIds: number[] };
/** Both mailboxes as the first, complete sync left them: every scenario starts from here. */
let syncedMailboxes: Map<string, Map<string, StoredEvent>>;
const consoles = useCrashableConsoles(() => emulator);

function at(days: number, hour: number): { iso: string; outlook: { dateTime: string; timeZone: string } } {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  date.setUTCHours(hour, 0, 0, 0);
  return { iso: date.toISOString(), outlook: { dateTime: date.toISOString().slice(0, 19), timeZone: 'UTC' } };
}

function createInOutlook(upn: string, subject: string, day: number): string {
  return emulator.outlook.createEvent(upn, { subject, start: at(day, 9).outlook, end: at(day, 10).outlook });
}

async function createHere(api: ConsoleApi, userId: number, name: string, day: number): Promise<WorkspaceEvent> {
  return api<WorkspaceEvent>('calendar.saveEvent', {
    kind: 'meeting',
    name,
    start: at(day, 14).iso,
    end: at(day, 15).iso,
    allDay: false,
    assignedUserId: userId,
  });
}

async function renameHere(api: ConsoleApi, event: WorkspaceEvent, name: string): Promise<void> {
  await api('calendar.saveEvent', {
    id: event.id,
    kind: event.kind,
    name,
    start: event.start,
    end: event.end,
    allDay: event.allDay,
    assignedUserId: event.assignedUserId,
  });
}

const mailbox = (upn: string) => emulator.directory.mailbox(emulator.directory.findUser(upn)!.id);
const oid = (upn: string) => emulator.directory.findUser(upn)!.id;
const eventsOf = async (api: ConsoleApi, userId: number) =>
  (await api<{ events: WorkspaceEvent[] }>('calendar.listEvents', { userId, limit: 5000 })).events;

beforeAll(async () => {
  ensureConsoleBuilt();
  ({ emulator, demo } = await startDemoEmulator());
  for (const upn of upns) mailbox(upn).events.clear();
  template = await prepareConsole(
    emulator,
    demo,
    [
      { name: 'Adele Vance', upn: ADELE },
      { name: 'Diego Siciliani', upn: DIEGO },
    ],
    ['outlookCalendar'],
    async (api, userIds) => {
      for (const [index, userId] of userIds.entries()) {
        for (let n = 0; n < 10; n++) {
          await createHere(api, userId, `Here ${index}-${n}`, 2 + n);
          createInOutlook(upns[index], `There ${index}-${n}`, 2 + n);
        }
      }
      // The first sync, complete: both sides hold all 40 events of each user.
      const { run } = await api<{ run: { id: string } }>('jobs.runNow', { jobId });
      expect(await runFinished(api, run.id)).toMatchObject({ status: 'success' });
    },
  );
  consoles.keep(template.dataDir);
  syncedMailboxes = new Map(upns.map((upn) => [upn, structuredClone(mailbox(upn).events)]));
}, 180_000);

afterAll(() => emulator?.stop());

async function runFinished(api: ConsoleApi, runId: string): Promise<RunDetail> {
  let detail: RunDetail | undefined;
  await waitUntil(async () => (detail = await api<RunDetail>('jobs.runDetail', { runId })).status !== 'running', `run ${runId} to finish`);
  return detail!;
}

/** The prepared console, both mailboxes as its first sync left them, every user in `direction`. */
async function freshConsole(direction: SyncDirection): Promise<RunningConsole> {
  for (const upn of upns) {
    const events = mailbox(upn).events;
    events.clear();
    for (const [id, event] of structuredClone(syncedMailboxes.get(upn)!)) events.set(id, event);
  }
  emulator.requestLog.clear();
  const app = await consoles.launchCopyOf(template.dataDir);
  for (const userId of template.userIds) {
    const settings = await app.api<Record<string, unknown>>('calendar.getSettings', { userId });
    await app.api('calendar.saveSettings', { ...settings, direction });
  }
  return app;
}

/** Starts a run and kills the console at `point`; returns the run's id. */
async function runKilledAt(app: RunningConsole, point: KillPoint): Promise<string> {
  const killed = killAt(emulator, point, () => app);
  const { run } = await app.api<{ run: { id: string } }>('jobs.runNow', { jobId });
  await untilKilled(killed, runFinished(app.api, run.id));
  return run.id;
}

/**
 * What each side should hold after the run, by name: the first sync's events, with the changes
 * of the scenario on either side. Changes are made as an administrator and a mailbox owner would.
 */
class Expected {
  readonly names = [new Set<string>(), new Set<string>()];

  constructor() {
    for (const index of [0, 1]) for (let n = 0; n < 10; n++) this.names[index].add(`Here ${index}-${n}`).add(`There ${index}-${n}`);
  }

  async changeHere(api: ConsoleApi, creates: number, tag: string): Promise<void> {
    for (const [index, userId] of template.userIds.entries()) {
      for (let n = 0; n < creates; n++)
        this.names[index].add((await createHere(api, userId, `New here ${tag} ${index}-${n}`, 3 + (n % 25))).name);
      const events = await eventsOf(api, userId);
      for (const name of [`Here ${index}-1`, `Here ${index}-2`, `There ${index}-3`]) {
        await renameHere(
          api,
          events.find((event) => event.name === name)!,
          `${name} renamed here ${tag}`,
        );
        this.rename(index, name, `${name} renamed here ${tag}`);
      }
      for (const name of [`Here ${index}-4`, `Here ${index}-5`]) {
        await api('calendar.deleteEvent', { id: events.find((event) => event.name === name)!.id });
        this.names[index].delete(name);
      }
    }
  }

  /** Creates, renames and deletes in Outlook; the first sync's events are named by their numbers. */
  changeInOutlook(creates: number, tag: string, touched = { renamedThere: [1, 2], renamedHere: [6], deletedThere: [4, 5] }): void {
    for (const [index, upn] of upns.entries()) {
      for (let n = 0; n < creates; n++) {
        createInOutlook(upn, `New there ${tag} ${index}-${n}`, 3 + (n % 25));
        this.names[index].add(`New there ${tag} ${index}-${n}`);
      }
      const byName = (name: string) => [...mailbox(upn).events.values()].find((event) => event.fields.subject === name)!;
      for (const name of [
        ...touched.renamedThere.map((n) => `There ${index}-${n}`),
        ...touched.renamedHere.map((n) => `Here ${index}-${n}`),
      ]) {
        emulator.outlook.updateEvent(upn, byName(name).id, { subject: `${name} renamed there ${tag}` });
        this.rename(index, name, `${name} renamed there ${tag}`);
      }
      for (const name of touched.deletedThere.map((n) => `There ${index}-${n}`)) {
        emulator.outlook.deleteEvent(upn, byName(name).id);
        this.names[index].delete(name);
      }
    }
  }

  /** Events created here by the killed run, renamed after the restart: the lost edits. */
  async renameNewHere(api: ConsoleApi, tag: string): Promise<void> {
    for (const [index, userId] of template.userIds.entries()) {
      const fresh = (await eventsOf(api, userId)).filter((event) => event.name.startsWith('New here ')).slice(0, 3);
      for (const event of fresh) {
        await renameHere(api, event, `${event.name} edited after restart ${tag}`);
        this.rename(index, event.name, `${event.name} edited after restart ${tag}`);
      }
    }
  }

  private rename(index: number, from: string, to: string): void {
    this.names[index].delete(from);
    this.names[index].add(to);
  }

  /** 0 duplicates and 0 losses on both sides: each name exactly once in the console and in Outlook. */
  async check(api: ConsoleApi): Promise<void> {
    for (const [index, userId] of template.userIds.entries()) {
      const here = (await eventsOf(api, userId)).map((event) => event.name).sort();
      const there = [...mailbox(upns[index]).events.values()].map((event) => event.fields.subject).sort();
      const expected = [...this.names[index]].sort();
      expect(here).toEqual(expected);
      expect(there).toEqual(expected);
    }
  }
}

type Flow = {
  direction: SyncDirection;
  /** The scenario's changes before the killed run. */
  change(api: ConsoleApi, expected: Expected): Promise<void>;
  /** Changes after the restart, before the run that must finish the job. */
  afterRestart(api: ConsoleApi, expected: Expected): Promise<void>;
  /** Where the console is killed, and the users whose sync had finished by then (their results were written as each one finished). */
  points: Array<[string, () => KillPoint, finishedBeforeKill: string[]]>;
  /** The second kill, in the run after the restart. */
  duringResume: [first: () => KillPoint, second: () => KillPoint];
};

const batchOf = (upn: string, nth: number, phase: KillPoint['phase']): KillPoint => ({
  match: { method: 'POST', path: '/$batch', callerId: oid(upn) },
  nth,
  phase,
});
const deltaOf = (upn: string, nth: number, phase: KillPoint['phase']): KillPoint => ({
  match: { method: 'GET', path: '/calendarView/delta', callerId: oid(upn) },
  nth,
  phase,
});
const secondUser = (): KillPoint => ({ match: { area: 'graph', callerId: oid(DIEGO) }, nth: 1, phase: 'received' });

const flows: Flow[] = [
  {
    direction: 'both',
    change: async (api, expected) => {
      await expected.changeHere(api, 12, 'b');
      expected.changeInOutlook(12, 'b');
    },
    afterRestart: (api, expected) => expected.renameNewHere(api, 'b'),
    points: [
      ['before a $batch', () => batchOf(ADELE, 1, 'received'), []],
      ['during a $batch', () => batchOf(ADELE, 1, 'handled'), []],
      ['after a $batch', () => batchOf(ADELE, 1, 'answered'), []],
      ['between two users', secondUser, ['Adele Vance']],
    ],
    duringResume: [() => batchOf(ADELE, 1, 'handled'), () => batchOf(ADELE, 1, 'handled')],
  },
  {
    direction: 'toOutlook',
    change: (api, expected) => expected.changeHere(api, 25, 't'),
    afterRestart: (api, expected) => expected.renameNewHere(api, 't'),
    points: [
      ['before a $batch', () => batchOf(ADELE, 1, 'received'), []],
      ['during a $batch', () => batchOf(ADELE, 1, 'handled'), []],
      ['after a $batch', () => batchOf(ADELE, 1, 'answered'), []],
      ['between two users', secondUser, ['Adele Vance']],
    ],
    // After the restart the creates in doubt are looked up first (a batch of reads), then sent.
    duringResume: [() => batchOf(ADELE, 1, 'handled'), () => batchOf(ADELE, 2, 'handled')],
  },
  {
    direction: 'fromOutlook',
    // 65 changes: two delta pages of at most 50.
    change: async (_api, expected) => expected.changeInOutlook(60, 'f'),
    afterRestart: async (_api, expected) => expected.changeInOutlook(3, 'f2', { renamedThere: [7], renamedHere: [8], deletedThere: [9] }),
    points: [
      ['before a delta page', () => deltaOf(ADELE, 1, 'received'), []],
      ['during the second delta page', () => deltaOf(ADELE, 2, 'handled'), []],
      ['after a delta page', () => deltaOf(ADELE, 1, 'answered'), []],
      ['between two users', secondUser, ['Adele Vance']],
    ],
    duringResume: [() => deltaOf(ADELE, 2, 'handled'), () => deltaOf(ADELE, 1, 'handled')],
  },
];

// Each case starts up to three real console processes; on a loaded machine that outlasts the default 20 s.
describe.each(flows)('calendar sync ($direction), killed with SIGKILL and run again', { timeout: 60_000 }, (flow) => {
  it.each(flow.points)('%s', async (_name, point, finishedBeforeKill) => {
    let app = await freshConsole(flow.direction);
    const expected = new Expected();
    await flow.change(app.api, expected);
    const killedRun = await runKilledAt(app, point());
    app = await consoles.restart(app);
    const killed = await app.api<RunDetail>('jobs.runDetail', { runId: killedRun });
    expect(killed).toMatchObject({ status: 'interrupted', usersDone: finishedBeforeKill.length, usersTotal: 2 });
    expect(killed.users.map((user) => user.userName)).toEqual(finishedBeforeKill);
    await flow.afterRestart(app.api, expected);
    const { run } = await app.api<{ run: { id: string } }>('jobs.runNow', { jobId });
    const detail = await runFinished(app.api, run.id);
    expect(detail.users.flatMap((user) => user.errors)).toEqual([]);
    expect(detail.status).toBe('success');
    await expected.check(app.api);
    await app.stop();
    expect(integrityOf(app.dataDir)).toBe('ok');
  });

  it('during the run after the restart: killed again, then run once more', async () => {
    let app = await freshConsole(flow.direction);
    const expected = new Expected();
    await flow.change(app.api, expected);
    const first = await runKilledAt(app, flow.duringResume[0]());
    app = await consoles.restart(app);
    await flow.afterRestart(app.api, expected);
    const second = await runKilledAt(app, flow.duringResume[1]());
    app = await consoles.restart(app);
    for (const runId of [first, second])
      expect(await app.api<RunDetail>('jobs.runDetail', { runId })).toMatchObject({ status: 'interrupted' });
    const { run } = await app.api<{ run: { id: string } }>('jobs.runNow', { jobId });
    expect(await runFinished(app.api, run.id)).toMatchObject({ status: 'success' });
    await expected.check(app.api);
    await app.stop();
    expect(integrityOf(app.dataDir)).toBe('ok');
  });
});
