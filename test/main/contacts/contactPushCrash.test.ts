// Contacts push killed for real: the built headless console is SIGKILLed before, during and after a
// `$batch`, between two users and during the resume, started again on the same data folder, and
// the push resumed. Counted in the emulated mailboxes and in the console: 0 duplicates, 0 lost
// contacts or edits, the database intact, the killed push marked interrupted (listing who was done).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushProgress, RunDetail } from '../../../src/shared/contract';
import type { DemoTenant } from '../../emulator/demoTenant';
import type { Emulator } from '../../emulator/server';
import { startDemoEmulator } from '../../emulator/support/session';
import {
  ensureConsoleBuilt,
  integrityOf,
  killAt,
  prepareConsole,
  readWorkspace,
  untilKilled,
  waitUntil,
  type ConsoleApi,
  type KillPoint,
  useCrashableConsoles,
  type RunningConsole,
} from '../../support/crashableConsole';

const ADELE = 'adele.vance@contoso.onmicrosoft.com';
const DIEGO = 'diego.siciliani@contoso.onmicrosoft.com';
const identityProperty = 'String {6f1c2b8e-5a43-4d0e-9b7a-2e8d41c3f05a} Name OutlookIntegrationConsoleContactId';
/** Two full batches per user: enough for "the second batch", small enough to stay quick. */
const contactCount = 40;

let emulator: Emulator;
let demo: DemoTenant;
let template: { dataDir: string; userIds: number[] };
const consoles = useCrashableConsoles(() => emulator);

beforeAll(async () => {
  ensureConsoleBuilt();
  ({ emulator, demo } = await startDemoEmulator());
  const users = [
    { name: 'Adele Vance', upn: ADELE },
    { name: 'Diego Siciliani', upn: DIEGO },
  ];
  template = await prepareConsole(emulator, demo, users, ['outlookContacts'], async (api, userIds) => {
    // The scheduled push sends what changed after it was turned on: turned on first, then the import.
    for (const userId of userIds)
      await api('contacts.saveSettings', { userId, folderId: null, folderName: null, pushChangedOnSchedule: true });
    const rows = Array.from({ length: contactCount }, (_, i) => ({
      row: i + 2,
      firstName: 'Crash',
      lastName: String(i).padStart(3, '0'),
      emails: [`crash.${i}@example.com`],
      phones: [],
      accountName: 'Contoso',
    }));
    await api('contacts.confirmImport', { kind: 'contact', rows });
  });
  consoles.keep(template.dataDir);
}, 180_000);

afterAll(() => emulator?.stop());

const mailbox = (upn: string) => emulator.directory.mailbox(emulator.directory.findUser(upn)!.id);
const oid = (upn: string) => emulator.directory.findUser(upn)!.id;

/** A fresh copy of the prepared console and empty mailboxes. */
async function freshConsole(): Promise<RunningConsole> {
  for (const upn of [ADELE, DIEGO]) mailbox(upn).contacts.clear();
  emulator.requestLog.clear();
  return consoles.launchCopyOf(template.dataDir);
}

const pushes = (api: ConsoleApi) => api<PushProgress[]>('contacts.pushes');

async function pushFinished(api: ConsoleApi, pushId: string): Promise<PushProgress> {
  let last: PushProgress | undefined;
  await waitUntil(async () => {
    last = (await pushes(api)).find((push) => push.pushId === pushId);
    return last !== undefined && last.status !== 'running';
  }, `push ${pushId} to finish`);
  return last!;
}

/** Starts a push (or a resume) and kills the console at `point`; returns the push's id. */
async function pushKilledAt(app: RunningConsole, point: KillPoint, start: () => Promise<PushProgress>): Promise<string> {
  const killed = killAt(emulator, point, () => app);
  const started = await start();
  await untilKilled(killed, pushFinished(app.api, started.pushId));
  return started.pushId;
}

const pushToBoth = (api: ConsoleApi) => () =>
  api<PushProgress>('contacts.push', { selection: { kind: 'contact', search: '' }, userIds: template.userIds });

/** What both mailboxes and the console hold, checked against one copy of every record. */
async function expectExactlyOnce(app: RunningConsole, edited: Map<number, string> = new Map()): Promise<void> {
  const people = await app.api<{ rows: Array<{ id: number; lastName: string }>; total: number }>('contacts.list', {
    kind: 'contact',
    search: '',
    limit: 500,
  });
  // 0 duplicates in the console.
  expect(people.total).toBe(contactCount);
  for (const [index, upn] of [ADELE, DIEGO].entries()) {
    const userId = template.userIds[index];
    const contacts = [...mailbox(upn).contacts.values()];
    const identities = contacts.map((contact) => contact.extendedProperties?.find((property) => property.id === identityProperty)?.value);
    // 0 duplicates and 0 lost creates in Outlook: each record exactly once, with its identity.
    expect(contacts).toHaveLength(contactCount);
    expect(new Set(identities)).toEqual(new Set(people.rows.map((person) => `person-${person.id}-user-${userId}`)));
    // 0 lost edits: a record edited after the crash has its new name in Outlook.
    for (const [personId, lastName] of edited) {
      const copy = contacts.find((contact) =>
        contact.extendedProperties?.some((property) => property.value === `person-${personId}-user-${userId}`),
      );
      expect(copy?.fields.surname).toBe(lastName);
    }
  }
}

async function finishCleanly(app: RunningConsole): Promise<void> {
  await app.stop();
  expect(integrityOf(app.dataDir)).toBe('ok');
  const counts = readWorkspace(app.dataDir, (db) => ({
    links: (db.prepare('SELECT count(*) AS n FROM crm_outlook_contacts').get() as { n: number }).n,
    inDoubt: (db.prepare('SELECT count(*) AS n FROM crm_outlook_contacts_in_doubt').get() as { n: number }).n,
  }));
  expect(counts).toEqual({ links: 2 * contactCount, inDoubt: 0 });
}

/** Two records renamed after the restart: their new names must reach Outlook. */
async function editTwo(api: ConsoleApi): Promise<Map<number, string>> {
  const { rows } = await api<{ rows: Array<{ id: number; firstName: string; emails: string[] }> }>('contacts.list', {
    kind: 'contact',
    search: '',
    limit: 500,
  });
  const edited = new Map<number, string>();
  for (const person of [rows[0], rows[25]]) {
    const lastName = `Renamed ${person.id}`;
    await api('contacts.save', {
      id: person.id,
      fields: { kind: 'contact', firstName: person.firstName, lastName, emails: person.emails, phones: [], accountName: 'Contoso' },
    });
    edited.set(person.id, lastName);
  }
  return edited;
}

// Each case starts real console processes; on a loaded machine that outlasts the default 20 s.
describe('contacts push, killed with SIGKILL and resumed', { timeout: 60_000 }, () => {
  const points: Array<[string, () => KillPoint]> = [
    [
      'before a $batch: the first batch dropped on arrival, Outlook did nothing',
      () => ({ match: { method: 'POST', path: '/$batch', callerId: oid(ADELE) }, nth: 1, phase: 'received' }),
    ],
    [
      'during a $batch: Outlook created the second batch, its answer never left',
      () => ({ match: { method: 'POST', path: '/$batch', callerId: oid(ADELE) }, nth: 2, phase: 'handled' }),
    ],
    [
      'after a $batch: the answer reached the console, which died before recording it',
      () => ({ match: { method: 'POST', path: '/$batch', callerId: oid(ADELE) }, nth: 1, phase: 'answered' }),
    ],
  ];

  it.each(points)('%s', async (_name, point) => {
    let app = await freshConsole();
    const pushId = await pushKilledAt(app, point(), pushToBoth(app.api));
    app = await consoles.restart(app);
    // The killed push is recorded as interrupted, and can be resumed.
    expect((await pushes(app.api)).find((push) => push.pushId === pushId)).toMatchObject({ status: 'interrupted', resumable: true });
    const edited = await editTwo(app.api);
    const resumed = await pushFinished(app.api, (await app.api<PushProgress>('contacts.resumePush', { pushId })).pushId);
    expect(resumed).toMatchObject({ status: 'done', resumeOf: pushId });
    expect(resumed.users.every((user) => user.failed === 0 && user.error === null)).toBe(true);
    await expectExactlyOnce(app, edited);
    await finishCleanly(app);
  });

  it('during the resume: killed again while the resumed push creates, then resumed once more', async () => {
    let app = await freshConsole();
    const first = await pushKilledAt(
      app,
      { match: { method: 'POST', path: '/$batch', callerId: oid(ADELE) }, nth: 1, phase: 'handled' },
      pushToBoth(app.api),
    );
    app = await consoles.restart(app);
    const edited = await editTwo(app.api);
    // The resume first looks up the creates in doubt (a batch of reads), then creates the rest.
    const resumedApp = app;
    const second = await pushKilledAt(
      app,
      { match: { method: 'POST', path: '/$batch', callerId: oid(ADELE) }, nth: 2, phase: 'handled' },
      () => resumedApp.api<PushProgress>('contacts.resumePush', { pushId: first }),
    );
    app = await consoles.restart(app);
    const both = await pushes(app.api);
    expect(both.find((push) => push.pushId === first)?.status).toBe('interrupted');
    expect(both.find((push) => push.pushId === second)).toMatchObject({ status: 'interrupted', resumeOf: first });
    const last = await pushFinished(app.api, (await app.api<PushProgress>('contacts.resumePush', { pushId: second })).pushId);
    expect(last.status).toBe('done');
    await expectExactlyOnce(app, edited);
    await finishCleanly(app);
  });

  it('between two users: the scheduled push killed as it reaches the second user, then run again', async () => {
    let app = await freshConsole();
    const jobId = 'outlookCalendarSync';
    const killed = killAt(emulator, { match: { area: 'graph', callerId: oid(DIEGO) }, nth: 1, phase: 'received' }, () => app);
    const { run } = await app.api<{ run: { id: string } }>('jobs.runNow', { jobId });
    const runDone = (api: ConsoleApi, runId: string) =>
      waitUntil(async () => (await api<RunDetail>('jobs.runDetail', { runId })).status !== 'running', 'the run to finish');
    await untilKilled(killed, runDone(app.api, run.id));
    // Adele's part was done before the kill. Diego's first batch was dropped; his second, when it
    // left before the kill, is carried out by Outlook although nobody is left to read its answer.
    expect(mailbox(ADELE).contacts.size).toBe(contactCount);
    app = await consoles.restart(app);
    const madeForDiego = mailbox(DIEGO).contacts.size;
    expect([0, contactCount / 2]).toContain(madeForDiego);
    // The killed run lists Adele: her result was written before the pool went on to Diego.
    const killedRun = await app.api<RunDetail>('jobs.runDetail', { runId: run.id });
    expect(killedRun).toMatchObject({ status: 'interrupted', usersDone: 1 });
    expect(killedRun.users.map((user) => user.userName)).toEqual(['Adele Vance (contacts push)']);
    const edited = await editTwo(app.api);
    const { run: again } = await app.api<{ run: { id: string } }>('jobs.runNow', { jobId });
    await runDone(app.api, again.id);
    const detail = await app.api<RunDetail>('jobs.runDetail', { runId: again.id });
    expect(detail.status).toBe('success');
    const [adele, diego] = detail.users;
    expect(adele).toMatchObject({ userName: 'Adele Vance (contacts push)', toOutlook: { created: 0, updated: 2, deleted: 0 } });
    // What Outlook made for the killed run is found and linked (then updated), the rest created.
    expect(diego).toMatchObject({
      userName: 'Diego Siciliani (contacts push)',
      toOutlook: { created: contactCount - madeForDiego, updated: madeForDiego, deleted: 0 },
    });
    if (madeForDiego > 0)
      expect(diego.notes.join(' ')).toContain(
        `${madeForDiego} contacts created by an earlier, interrupted push were found in Diego Siciliani's Outlook and linked`,
      );
    await expectExactlyOnce(app, edited);
    await finishCleanly(app);
  });
});
