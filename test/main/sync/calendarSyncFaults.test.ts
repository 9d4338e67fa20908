// The sync engine against the emulator's faults, limits and time zones.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobRunContext } from '../../../src/main/jobs/jobRun';
import { createCalendarSyncJob } from '../../../src/main/sync/calendarSyncJob';
import type { UserResult } from '../../../src/shared/contract';
import { useTempDirs } from '../../support/tempDir';
import { ADELE, ALEX, DIEGO, collectingLogger, createSyncHarness, daysAhead, meeting, type SyncHarness } from './syncHarness';

const tempDir = useTempDirs();
let h: SyncHarness;
afterEach(() => h.close());

describe('crash between the batch and the mapping commit', () => {
  beforeEach(async () => {
    h = await createSyncHarness(tempDir());
  });

  for (const direction of ['both', 'toOutlook'] as const) {
    it(`a rerun creates no duplicate in Outlook or here (direction ${direction})`, async () => {
      h.records.saveSettings({ ...h.records.settings(h.adele.id), direction }, new Date());
      const ids = [1, 2, 3].map((n) => h.events.insert(meeting(`Crash ${n}`, h.adele.id, daysAhead(3 + n)), 'console', new Date()));
      const crashing = h.makeEngine({
        afterBatch: () => {
          throw new Error('process killed');
        },
      });
      await expect(h.sync(h.adele, crashing)).rejects.toThrow('process killed');
      // Outlook made the events; nothing after the batch was committed here.
      expect(h.mailboxEvents(ADELE).filter((event) => event.fields.subject.startsWith('Crash '))).toHaveLength(3);
      expect(ids.map((id) => h.records.link(id, h.adele.id)?.outlookEventId)).toEqual([null, null, null]);

      // The rerun: a fresh engine over the same database, as after a restart.
      const rerun = await h.sync(h.adele, h.makeEngine());
      expect(rerun.errors).toEqual([]);
      expect(h.mailboxEvents(ADELE).filter((event) => event.fields.subject.startsWith('Crash '))).toHaveLength(3);
      for (const [n, id] of ids.entries()) {
        expect(h.eventNamed(`Crash ${n + 1}`)).toHaveLength(1);
        expect(h.records.link(id, h.adele.id)!.outlookEventId).toBe(h.mailboxEvent(ADELE, `Crash ${n + 1}`)!.id);
      }
      // And the run after that changes nothing.
      const after = await h.sync(h.adele);
      expect(after.toOutlook).toEqual({ created: 0, updated: 0, deleted: 0 });
      expect(after.fromOutlook).toEqual({ created: 0, updated: 0, deleted: 0 });
    });
  }
});

describe('crash, then the event is deleted here before the rerun', () => {
  beforeEach(async () => {
    h = await createSyncHarness(tempDir());
  });

  it('the rerun finds the event Outlook made, removes it there and forgets it here', async () => {
    const id = h.events.insert(meeting('Short-lived', h.adele.id, daysAhead(4)), 'console', new Date());
    const crashing = h.makeEngine({
      afterBatch: () => {
        throw new Error('process killed');
      },
    });
    await expect(h.sync(h.adele, crashing)).rejects.toThrow('process killed');
    expect(h.mailboxEvent(ADELE, 'Short-lived')).toBeDefined();
    h.events.markDeleted(id, new Date());
    const rerun = await h.sync(h.adele, h.makeEngine());
    expect(rerun.toOutlook.deleted).toBe(1);
    expect(h.mailboxEvent(ADELE, 'Short-lived')).toBeUndefined();
    expect(h.events.find(id)).toBeUndefined();
    expect(h.records.linksOfEvent(id)).toEqual([]);
  });
});

describe('410 syncStateNotFound', () => {
  beforeEach(async () => {
    h = await createSyncHarness(tempDir(), { pageSize: 2 });
  });

  it('in the middle of paging: a full resync, no duplicates, the new delta link stored', async () => {
    await h.sync(h.adele);
    const before = h.events.list({ limit: 500 }).total;
    h.emulator.outlook.createEvent(ADELE, {
      subject: 'New 1',
      start: { dateTime: daysAhead(2).slice(0, 19), timeZone: 'UTC' },
      end: { dateTime: daysAhead(2, 10).slice(0, 19), timeZone: 'UTC' },
    });
    h.emulator.outlook.createEvent(ADELE, {
      subject: 'New 2',
      start: { dateTime: daysAhead(3).slice(0, 19), timeZone: 'UTC' },
      end: { dateTime: daysAhead(3, 10).slice(0, 19), timeZone: 'UTC' },
    });
    h.emulator.outlook.createEvent(ADELE, {
      subject: 'New 3',
      start: { dateTime: daysAhead(4).slice(0, 19), timeZone: 'UTC' },
      end: { dateTime: daysAhead(4, 10).slice(0, 19), timeZone: 'UTC' },
    });
    h.emulator.faults.add({ fault: { kind: 'syncStateNotFound' }, match: { path: '$skiptoken=' } });
    const outcome = await h.sync(h.adele);
    expect(outcome.errors).toEqual([]);
    expect(h.events.list({ limit: 500 }).total).toBe(before + 3);
    for (const name of ['New 1', 'New 2', 'New 3', 'Pipeline review', 'Customer call']) expect(h.eventNamed(name)).toHaveLength(1);
    expect(h.graphRequests().some((entry) => entry.status === 410)).toBe(true);
    expect(h.lines.some((line) => line.message.includes('410 SyncStateNotFound'))).toBe(true);
    h.emulator.requestLog.clear();
    await h.sync(h.adele);
    expect(h.graphRequests()).toHaveLength(1);
  });

  it('on the stored delta link (expired sync state): resync without duplicates, deletions meanwhile applied', async () => {
    const consoleId = h.events.insert(meeting('Ours', h.adele.id, daysAhead(5)), 'console', new Date());
    await h.sync(h.adele);
    const total = h.events.list({ limit: 500 }).total;
    h.emulator.delta.forgetAll();
    h.emulator.outlook.deleteEvent(ADELE, h.mailboxEvent(ADELE, 'Customer call')!.id);
    const outcome = await h.sync(h.adele);
    expect(outcome.fromOutlook).toEqual({ created: 0, updated: 0, deleted: 1 });
    expect(h.events.list({ limit: 500 }).total).toBe(total - 1);
    expect(h.events.find(consoleId)!.inOutlook).toBe(true);
    expect(h.mailboxEvents(ADELE).filter((event) => event.fields.subject === 'Ours')).toHaveLength(1);
  });
});

describe('throttling and the mailbox limit', () => {
  beforeEach(async () => {
    h = await createSyncHarness(tempDir());
  });

  it('429 with Retry-After waits what Outlook asks; without it, a jittered exponential backoff', async () => {
    h.emulator.faults.add({ fault: { kind: 'throttle', retryAfterSeconds: 3 }, match: { path: 'calendarView/delta' } });
    h.emulator.faults.add({ fault: { kind: 'throttle' }, match: { path: 'calendarView/delta' } });
    const outcome = await h.sync(h.adele);
    expect(outcome.errors).toEqual([]);
    expect(h.waits[0]).toBe(3_000);
    // Second attempt's step is 2 s: half of it plus up to half again.
    expect(h.waits[1]).toBeGreaterThanOrEqual(1_000);
    expect(h.waits[1]).toBeLessThanOrEqual(2_000);
    expect(h.lines.some((line) => line.message.includes('429 without Retry-After'))).toBe(true);
    expect(h.eventNamed('Pipeline review')).toHaveLength(1);
  });

  it('pushing 65 events: batches of at most 20, never more than 4 requests in flight, no MailboxConcurrency', async () => {
    h.emulator.latencyMs = 15;
    for (let n = 0; n < 65; n++)
      h.events.insert(meeting(`Bulk ${n}`, h.adele.id, daysAhead(2 + (n % 20), 8 + (n % 8))), 'console', new Date());
    const outcome = await h.sync(h.adele);
    h.emulator.latencyMs = 0;
    expect(outcome.toOutlook.created).toBe(65);
    const batches = h.emulator.requestLog.matching('POST', '/$batch');
    expect(batches).toHaveLength(4);
    expect(Math.max(...batches.map((entry) => entry.batch!.length))).toBe(20);
    const statuses = h.graphRequests().flatMap((entry) => [entry.status, ...(entry.batch ?? []).map((sub) => sub.status)]);
    expect(statuses).not.toContain(429);
    expect(h.waits).toEqual([]);
    expect(h.gates.for(ADELE).maxInFlight).toBeLessThanOrEqual(4);
    // Checked from the log too: no moment with more than 4 requests open against the mailbox.
    const spans = h.graphRequests().map((entry) => ({ start: Date.parse(entry.at), end: Date.parse(entry.at) + entry.durationMs }));
    const busiest = Math.max(...spans.map((span) => spans.filter((other) => other.start <= span.start && other.end > span.start).length));
    expect(busiest).toBeLessThanOrEqual(4);
    expect(h.mailboxEvents(ADELE).filter((event) => event.fields.subject.startsWith('Bulk '))).toHaveLength(65);
  });
});

describe('time zones', () => {
  beforeEach(async () => {
    h = await createSyncHarness(tempDir());
  });

  it('a weekly 09:00 Berlin series across the DST change keeps 09:00 local: 08:00Z before, 07:00Z after, and its exception', async () => {
    h.records.saveSettings({ ...h.records.settings(h.adele.id), syncSince: '2027-03-01' }, new Date());
    const seriesId = h.emulator.outlook.createEvent(ADELE, {
      subject: 'Berlin standup',
      start: { dateTime: '2027-03-15T09:00:00', timeZone: 'W. Europe Standard Time' },
      end: { dateTime: '2027-03-15T09:30:00', timeZone: 'W. Europe Standard Time' },
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
        range: { type: 'numbered', startDate: '2027-03-15', numberOfOccurrences: 4, recurrenceTimeZone: 'W. Europe Standard Time' },
      },
    });
    h.emulator.outlook.updateEvent(ADELE, h.emulator.outlook.occurrenceId(seriesId, '2027-04-05T07:00:00Z'), {
      subject: 'Berlin standup (long)',
      start: { dateTime: '2027-04-05T09:00:00', timeZone: 'W. Europe Standard Time' },
      end: { dateTime: '2027-04-05T10:00:00', timeZone: 'W. Europe Standard Time' },
    });
    await h.sync(h.adele);
    const series = [...h.eventNamed('Berlin standup'), ...h.eventNamed('Berlin standup (long)')].sort((a, b) =>
      a.start.localeCompare(b.start),
    );
    expect(series.map((event) => event.start)).toEqual([
      '2027-03-15T08:00:00.000Z',
      '2027-03-22T08:00:00.000Z',
      '2027-03-29T07:00:00.000Z',
      '2027-04-05T07:00:00.000Z',
    ]);
    expect(series.every((event) => event.timeZone === 'Europe/Berlin' && event.seriesMasterId === seriesId)).toBe(true);
    expect(series[3]).toMatchObject({ name: 'Berlin standup (long)', end: '2027-04-05T08:00:00.000Z' });
    expect(JSON.parse(series[0].recurrence!)).toMatchObject({
      pattern: { type: 'weekly', daysOfWeek: ['monday'] },
      range: { numberOfOccurrences: 4 },
    });

    // An occurrence edited here becomes an exception in Outlook; the series stays.
    h.events.update(series[1].id, { ...series[1], name: 'Berlin standup (moved here)' }, new Date());
    expect((await h.sync(h.adele)).toOutlook.updated).toBe(1);
    const master = h.mailboxEvents(ADELE).find((event) => event.id === seriesId)!;
    expect(master.recurrence).not.toBeNull();
    expect([...master.exceptions.values()].map((exception) => exception.fields.subject).sort()).toEqual([
      'Berlin standup (long)',
      'Berlin standup (moved here)',
    ]);
  });

  it('all-day events keep their dates whatever the zone, both ways', async () => {
    for (const [subject, zone] of [
      ['Tokyo holiday', 'Tokyo Standard Time'],
      ['Seattle holiday', 'Pacific Standard Time'],
    ]) {
      h.emulator.outlook.createEvent(ADELE, {
        subject,
        isAllDay: true,
        start: { dateTime: '2027-01-10T00:00:00', timeZone: zone },
        end: { dateTime: '2027-01-11T00:00:00', timeZone: zone },
      });
    }
    const id = h.events.insert(
      {
        ...meeting('Offsite', h.adele.id, daysAhead(1)),
        allDay: true,
        start: '2027-01-12',
        end: '2027-01-14',
        timeZone: 'America/Los_Angeles',
      },
      'console',
      new Date(),
    );
    h.records.saveSettings({ ...h.records.settings(h.adele.id), syncSince: '2027-01-01' }, new Date());
    await h.sync(h.adele);
    for (const name of ['Tokyo holiday', 'Seattle holiday'])
      expect(h.eventNamed(name)[0]).toMatchObject({ allDay: true, start: '2027-01-10', end: '2027-01-11' });
    const offsite = h.mailboxEvent(ADELE, 'Offsite')!;
    // Sent with the Windows name Outlook takes for the event's zone.
    expect(offsite.fields).toMatchObject({
      isAllDay: true,
      start: { dateTime: '2027-01-12T00:00:00', timeZone: 'Pacific Standard Time' },
      end: { dateTime: '2027-01-14T00:00:00', timeZone: 'Pacific Standard Time' },
    });
    h.emulator.outlook.updateEvent(ADELE, offsite.id, { location: { displayName: 'Lodge' } });
    await h.sync(h.adele);
    expect(h.events.find(id)).toMatchObject({ allDay: true, start: '2027-01-12', end: '2027-01-14', location: 'Lodge' });
  });
});

describe('users', () => {
  beforeEach(async () => {
    h = await createSyncHarness(tempDir());
  });

  it("one user's failure never stops the others; a revoked grant says to reconnect; users without access are not synced", async () => {
    const diego = await h.addUser('Diego Siciliani', DIEGO);
    await h.addUser('Megan Bowen', 'admin@contoso.onmicrosoft.com', false);
    h.emulator.revokeGrants(DIEGO, h.demo.app.clientId);
    const results: UserResult[] = [];
    const lines: { level: string; message: string }[] = [];
    const context: JobRunContext = {
      runId: 'run-1',
      trigger: 'manual',
      log: collectingLogger(lines),
      signal: new AbortController().signal,
      setTotal: () => {},
      userFinished: async (result) => void results.push(result),
    };
    const outcome = await createCalendarSyncJob(h.engine.source()).run(context);
    expect(results.map((result) => [result.userName, result.status])).toEqual([
      ['Adele Vance', 'success'],
      ['Alex Wilber', 'success'],
      ['Diego Siciliani', 'failed'],
    ]);
    expect(outcome.status).toBe('partial');
    expect(results[2].errors[0].explanation).toMatch(/Reconnect it on the Accounts page/);
    expect(results[0].fromOutlook.created).toBeGreaterThan(0);
    expect(
      h
        .eventNamed('Pipeline review')
        .map((event) => event.assignedUserId)
        .sort(),
    ).toEqual([h.adele.id, h.alex.id].sort());
    expect(diego.id).toBeGreaterThan(0);
    expect(h.mailboxEvents(ALEX).length).toBeGreaterThan(0);
  });
});

describe('lost answers and the edits after them', () => {
  beforeEach(async () => {
    h = await createSyncHarness(tempDir(), { policy: { timeoutMs: 300 } });
  });
  const crashAfterBatch = () =>
    h.makeEngine({
      afterBatch: () => {
        throw new Error('process killed');
      },
    });
  const subjects = (prefix: string) =>
    h
      .mailboxEvents(ADELE)
      .map((event) => event.fields.subject)
      .filter((subject) => subject.startsWith(prefix))
      .sort();

  it('Console → Outlook: edits made after a crash that left creates in doubt reach Outlook, and the next sync has nothing to do', async () => {
    h.records.saveSettings({ ...h.records.settings(h.adele.id), direction: 'toOutlook' }, new Date());
    const ids = Array.from({ length: 30 }, (_, n) =>
      h.events.insert(meeting(`Edited ${String(n).padStart(2, '0')}`, h.adele.id, daysAhead(2 + (n % 20))), 'console', new Date()),
    );
    await expect(h.sync(h.adele, crashAfterBatch())).rejects.toThrow('process killed');
    expect(subjects('Edited ')).toHaveLength(30);
    for (const id of ids.slice(0, 3))
      h.events.update(id, { ...h.events.find(id)!, name: `${h.events.find(id)!.name} (changed)` }, new Date());

    const rerun = await h.sync(h.adele, h.makeEngine());
    expect(rerun.errors).toEqual([]);
    expect(rerun.toOutlook).toEqual({ created: 0, updated: 3, deleted: 0 });
    expect(rerun.notes).toEqual([
      '30 events created in Outlook by an earlier, interrupted sync were found there and linked, not created again.',
    ]);
    expect(subjects('Edited ')).toHaveLength(30);
    expect(subjects('Edited ').filter((subject) => subject.endsWith('(changed)'))).toEqual([
      'Edited 00 (changed)',
      'Edited 01 (changed)',
      'Edited 02 (changed)',
    ]);
    const after = await h.sync(h.adele);
    expect(after.toOutlook).toEqual({ created: 0, updated: 0, deleted: 0 });
  });

  it('Console → Outlook: an event deleted here after the crash is removed from Outlook too', async () => {
    h.records.saveSettings({ ...h.records.settings(h.adele.id), direction: 'toOutlook' }, new Date());
    const id = h.events.insert(meeting('Gone after crash', h.adele.id, daysAhead(3)), 'console', new Date());
    await expect(h.sync(h.adele, crashAfterBatch())).rejects.toThrow('process killed');
    h.events.markDeleted(id, new Date());
    expect((await h.sync(h.adele, h.makeEngine())).toOutlook.deleted).toBe(1);
    expect(h.mailboxEvent(ADELE, 'Gone after crash')).toBeUndefined();
  });

  for (const direction of ['both', 'toOutlook'] as const) {
    it.each([
      ['a dropped connection', { kind: 'dropConnection' } as const],
      ['a timeout', { kind: 'slow', delayMs: 800 } as const],
    ])(`%s on the calendar $batch (direction ${direction}): 0 duplicates, and the result says what happened`, async (_name, fault) => {
      h.records.saveSettings({ ...h.records.settings(h.adele.id), direction }, new Date());
      for (let n = 0; n < 25; n++)
        h.events.insert(meeting(`Doubt ${String(n).padStart(2, '0')}`, h.adele.id, daysAhead(2 + (n % 20))), 'console', new Date());
      h.emulator.faults.add({ fault, match: { method: 'POST', path: '/$batch' } });
      const outcome = await h.sync(h.adele);
      expect(outcome.errors).toEqual([]);
      expect(outcome.toOutlook.created).toBe(25);
      expect(outcome.notes!.join(' ')).toMatch(
        /No final answer came for 20 creates \(.+\)\. Outlook was searched for them before anything was sent again: 20 found and linked, 0 not there\./,
      );
      expect(subjects('Doubt ')).toHaveLength(25);
      expect(new Set(subjects('Doubt ')).size).toBe(25);
      for (let n = 0; n < 25; n++) expect(h.eventNamed(`Doubt ${String(n).padStart(2, '0')}`)).toHaveLength(1);
      const after = await h.sync(h.adele);
      expect(after.toOutlook).toEqual({ created: 0, updated: 0, deleted: 0 });
      expect(after.fromOutlook).toEqual({ created: 0, updated: 0, deleted: 0 });
    });
  }
});

describe('Retry-After beyond the longest wait', () => {
  beforeEach(async () => {
    h = await createSyncHarness(tempDir(), { policy: { maxWaitMs: 5 * 60_000 } });
  });

  it('Retry-After: 3600 on one mailbox ends its part of the run at once; the others are synced; the history says when to try it again', async () => {
    const diego = await h.addUser('Diego Siciliani', DIEGO);
    // Adele is synced first: her first request is told to come back in an hour.
    h.emulator.faults.add({ fault: { kind: 'throttle', retryAfterSeconds: 3600 }, match: { path: 'calendarView/delta' } });
    const results: UserResult[] = [];
    const context: JobRunContext = {
      runId: 'run-1',
      trigger: 'manual',
      log: collectingLogger([]),
      signal: new AbortController().signal,
      setTotal: () => {},
      userFinished: async (result) => void results.push(result),
    };
    const started = Date.now();
    const outcome = await createCalendarSyncJob(h.engine.source()).run(context);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(h.waits).toEqual([]);
    expect(results.map((result) => [result.userName, result.status])).toEqual([
      ['Adele Vance', 'failed'],
      ['Alex Wilber', 'success'],
      ['Diego Siciliani', 'success'],
    ]);
    const retryAt = Date.parse(results[0].retryAt!);
    expect(Math.abs(retryAt - (Date.now() + 3_600_000))).toBeLessThan(10_000);
    expect(results[0].errors[0].explanation).toMatch(
      /asked the console to wait 1 h 0 min, until .+Z \(Retry-After\), longer than the 5 min set as the longest wait on the Scheduled jobs page/,
    );
    expect(outcome).toMatchObject({
      status: 'partial',
      summary: expect.stringContaining(`Adele Vance can be tried again after ${results[0].retryAt!.replace(/\.\d{3}Z$/, 'Z')}`),
    });
    expect(
      h
        .eventNamed('Pipeline review')
        .map((event) => event.assignedUserId)
        .sort(),
    ).toEqual([h.alex.id, diego.id].sort());

    // Until then the mailbox is left alone: the next run asks Outlook nothing for Adele.
    h.emulator.requestLog.clear();
    const again: UserResult[] = [];
    await createCalendarSyncJob(h.engine.source()).run({ ...context, userFinished: async (result) => void again.push(result) });
    expect(again[0]).toMatchObject({ userName: 'Adele Vance', status: 'failed', retryAt: expect.any(String) });
    expect(h.graphRequests().filter((entry) => entry.userId === h.emulator.directory.findUser(ADELE)!.id)).toEqual([]);
    // Once the hour has passed, Adele's calendar is synced and nothing is duplicated.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 3_601_000 });
    try {
      const resumed = await h.sync(h.adele);
      expect(resumed.errors).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
    expect(
      h
        .eventNamed('Pipeline review')
        .map((event) => event.assignedUserId)
        .sort(),
    ).toEqual([h.adele.id, h.alex.id, diego.id].sort());
  });
});
