// Mailboxes in parallel: the calendar sync job's pool, Outlook's 4-per-mailbox limit, the app-wide
// limit and backoff, and shutdown — each checked from the emulator's request log, which is what
// Microsoft would count.
import { afterEach, describe, expect, it } from 'vitest';
import type { UserResult } from '../../../src/shared/contract';
import { MailboxGates } from '../../../src/main/graph/mailboxGate';
import { abortableSleep } from '../../../src/main/graph/retryPolicy';
import { createCalendarSyncJob } from '../../../src/main/sync/calendarSyncJob';
import type { JobOutcome, JobRunContext } from '../../../src/main/jobs/jobRun';
import type { LoggedRequest } from '../../emulator/requestLog';
import { useTempDirs } from '../../support/tempDir';
import { ADELE, collectingLogger, createSyncHarness, daysAhead, meeting, type SyncHarness } from './syncHarness';

const tempDir = useTempDirs();
let h: SyncHarness;
afterEach(() => h.close());

/** The most requests the emulator was handling at once (half-open intervals: an answer ends before the next request starts). */
function maxInFlight(entries: readonly LoggedRequest[]): number {
  const edges = entries.flatMap((entry): Array<[number, number]> => {
    const start = Date.parse(entry.at);
    return [
      [start, 1],
      [start + entry.durationMs, -1],
    ];
  });
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let most = 0;
  for (const [, change] of edges) {
    current += change;
    most = Math.max(most, current);
  }
  return most;
}

function byMailbox(entries: readonly LoggedRequest[]): Map<string, LoggedRequest[]> {
  const groups = new Map<string, LoggedRequest[]>();
  for (const entry of entries) groups.set(entry.userId ?? '?', [...(groups.get(entry.userId ?? '?') ?? []), entry]);
  return groups;
}

/** Adele and Alex plus `extra` more signed-in mailboxes with Outlook Calendar access. */
async function withMailboxes(extra: number): Promise<Array<{ id: number; name: string; upn: string }>> {
  const users = [
    { ...h.adele, upn: ADELE },
    { ...h.alex, upn: 'alex.wilber@contoso.onmicrosoft.com' },
  ];
  for (let i = 0; i < extra; i++) {
    const upn = `pool.user${i}@contoso.onmicrosoft.com`;
    h.emulator.directory.addUser(h.demo.tenant, { userPrincipalName: upn, displayName: `Pool User ${i}` });
    users.push({ ...(await h.addUser(`Pool User ${i}`, upn)), upn });
  }
  return users;
}

function runJob(poolSize: number, controller = new AbortController()) {
  const results: UserResult[] = [];
  const context: JobRunContext = {
    runId: 'run-pool',
    trigger: 'manual',
    log: collectingLogger(h.lines),
    signal: controller.signal,
    setTotal: () => {},
    userFinished: async (result) => void results.push(result),
  };
  const outcome: Promise<JobOutcome> = createCalendarSyncJob(h.engine.source(), { poolSize: () => poolSize }).run(context);
  return { results, outcome };
}

describe('the calendar sync job syncs mailboxes in a bounded pool', () => {
  it('keeps at most the pool size in flight across mailboxes, and uses it', async () => {
    const pool = 3;
    h = await createSyncHarness(tempDir(), { gates: new MailboxGates({ appLimit: () => pool }) });
    const users = await withMailboxes(4);
    for (const user of users)
      for (let i = 0; i < 30; i++) h.events.insert(meeting(`Pool ${i}`, user.id, daysAhead(2 + (i % 20))), 'console', new Date());
    h.emulator.latencyMs = 40;
    h.emulator.requestLog.clear();
    const { results, outcome } = runJob(pool);
    expect((await outcome).status).toBe('success');
    expect(results).toHaveLength(6);
    const graph = h.graphRequests();
    expect(maxInFlight(graph)).toBe(pool);
    for (const [, requests] of byMailbox(graph)) expect(maxInFlight(requests)).toBeLessThanOrEqual(4);
    // Every mailbox got its 30 events once.
    for (const user of users)
      expect(h.mailboxEvents(user.upn).filter((event) => event.fields.subject.startsWith('Pool '))).toHaveLength(30);
  });

  it('never has more than 4 requests in flight against one mailbox, even with room in the pool', async () => {
    const pool = 12;
    h = await createSyncHarness(tempDir(), { gates: new MailboxGates({ appLimit: () => pool }) });
    // 120 changes: six $batch requests of 20, which the push would send all at once without the gate.
    for (let i = 0; i < 120; i++) h.events.insert(meeting(`Many ${i}`, h.adele.id, daysAhead(2 + (i % 60))), 'console', new Date());
    h.emulator.latencyMs = 60;
    h.emulator.requestLog.clear();
    const { outcome } = runJob(pool);
    expect((await outcome).status).toBe('success');
    const adeleId = h.emulator.directory.findUser(ADELE)!.id;
    const adeles = h.graphRequests().filter((entry) => entry.userId === adeleId);
    expect(adeles.filter((entry) => entry.path.startsWith('/v1.0/$batch'))).toHaveLength(6);
    expect(maxInFlight(adeles)).toBe(4);
    expect(maxInFlight(h.graphRequests())).toBeLessThanOrEqual(pool);
  });
});

describe('Microsoft throttling the app as a whole', () => {
  async function throttledRun(throttledAnswers: number) {
    h = await createSyncHarness(tempDir(), { pageSize: 2, policy: { sleep: abortableSleep } });
    const users = await withMailboxes(2);
    for (const user of users)
      for (let e = 0; e < 6; e++)
        h.emulator.outlook.createEvent(user.upn, {
          subject: `Paged ${e}`,
          start: { dateTime: daysAhead(3 + e).slice(0, 19), timeZone: 'UTC' },
          end: { dateTime: daysAhead(3 + e, 10).slice(0, 19), timeZone: 'UTC' },
        });
    h.emulator.latencyMs = 200;
    h.emulator.requestLog.clear();
    h.emulator.faults.add({ fault: { kind: 'throttle', retryAfterSeconds: 1 }, match: { area: 'graph' }, times: throttledAnswers });
    const { outcome } = runJob(4);
    expect((await outcome).status).toBe('success');
    const graph = h.graphRequests();
    const throttled = graph.filter((entry) => entry.status === 429);
    expect(throttled).toHaveLength(throttledAnswers);
    const lastThrottleAt = Math.max(...throttled.map((entry) => Date.parse(entry.at)));
    // Each mailbox's requests after its first: sent only once that first one was answered.
    const later = [...byMailbox(graph).values()].flatMap((requests) => requests.slice(1));
    return { later, lastThrottleAt };
  }

  it('several mailboxes throttled at once: every mailbox waits out the Retry-After together', async () => {
    const { later, lastThrottleAt } = await throttledRun(2);
    expect(later.length).toBeGreaterThan(4);
    for (const entry of later) expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(lastThrottleAt + 1000);
    expect(h.lines.some((line) => /the app is throttled/.test(line.message))).toBe(true);
  });

  it('one mailbox throttled waits alone: the others go on', async () => {
    const { later, lastThrottleAt } = await throttledRun(1);
    expect(later.some((entry) => Date.parse(entry.at) < lastThrottleAt + 1000)).toBe(true);
    expect(h.lines.some((line) => /the app is throttled/.test(line.message))).toBe(false);
  });
});

describe('shutdown with the pool full', () => {
  it('starts no new mailbox, lets the running ones end, and a rerun finishes without duplicates', async () => {
    const pool = 3;
    h = await createSyncHarness(tempDir(), { gates: new MailboxGates({ appLimit: () => pool }) });
    const users = await withMailboxes(4);
    for (const user of users)
      for (let i = 0; i < 25; i++) h.events.insert(meeting(`Stop ${i}`, user.id, daysAhead(2 + (i % 20))), 'console', new Date());
    h.emulator.latencyMs = 100;
    h.emulator.requestLog.clear();
    const controller = new AbortController();
    const mailboxesSeen = () => new Set(h.graphRequests().map((entry) => entry.userId)).size;
    const first = runJob(pool, controller);
    // Abort once every slot of the pool has a mailbox in it.
    const watcher = setInterval(() => {
      if (mailboxesSeen() >= pool) controller.abort();
    }, 5);
    const outcome = await first.outcome;
    clearInterval(watcher);
    expect(outcome.status).toBe('interrupted');
    expect(outcome.summary).toMatch(/^Interrupted at shutdown after 3 of 6 users\./);
    expect(first.results).toHaveLength(pool);
    // Nobody started after the abort: only the pool's mailboxes were called.
    expect(mailboxesSeen()).toBe(pool);

    h.emulator.requestLog.clear();
    const rerun = runJob(pool);
    expect((await rerun.outcome).status).toBe('success');
    for (const user of users) {
      const subjects = h.mailboxEvents(user.upn).map((event) => event.fields.subject);
      expect(subjects.filter((subject) => subject.startsWith('Stop '))).toHaveLength(25);
      expect(new Set(subjects.filter((subject) => subject.startsWith('Stop '))).size).toBe(25);
    }
  });
});
