// The Graph layer against the emulator's faults: throttling, server errors, timeouts, dropped
// connections, expired and revoked tokens, the per-mailbox limit and $batch item statuses.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fetchTrusting } from '../../../src/main/auth/httpsWithCa';
import { AccountNeedsReconnectError, type GraphAccess } from '../../../src/main/graph/graphAccess';
import {
  GraphCallError,
  GraphUnreachableError,
  MailboxWaitTooLongError,
  WriteOutcomeUnknownError,
} from '../../../src/main/graph/graphErrors';
import { GraphMailbox, type BatchItem } from '../../../src/main/graph/graphMailbox';
import { MailboxGate } from '../../../src/main/graph/mailboxGate';
import { defaultRetryPolicy, type RetryPolicy } from '../../../src/main/graph/retryPolicy';
import type { DemoTenant } from '../../emulator/demoTenant';
import type { Emulator } from '../../emulator/server';
import { startDemoEmulator } from '../../emulator/support/session';
import { emulatorAccounts, type EmulatorAccounts } from '../../support/emulatorGraphAccess';

const ADELE = 'adele.vance@contoso.onmicrosoft.com';
const DIEGO = 'diego.siciliani@contoso.onmicrosoft.com';
let emulator: Emulator;
let demo: DemoTenant;
let accounts: EmulatorAccounts;
let access: GraphAccess;
let waits: number[];

const policy = (overrides: Partial<RetryPolicy> = {}): RetryPolicy => ({
  ...defaultRetryPolicy,
  timeoutMs: 2_000,
  random: () => 0.5,
  sleep: async (ms) => {
    waits.push(ms);
  },
  ...overrides,
});
const mailbox = (options: { gate?: MailboxGate; policy?: RetryPolicy; access?: GraphAccess } = {}) =>
  new GraphMailbox({
    userId: 1,
    access: options.access ?? access,
    gate: options.gate ?? new MailboxGate(),
    policy: options.policy ?? policy(),
  });

beforeAll(async () => {
  ({ emulator, demo } = await startDemoEmulator());
  accounts = emulatorAccounts(emulator, demo);
  access = await accounts.connect(1, ADELE);
});
afterAll(() => emulator.stop());
beforeEach(() => {
  waits = [];
  emulator.faults.clear();
  emulator.requestLog.clear();
});

describe('GraphMailbox', () => {
  it('asks for UTC times and reads the mailbox', async () => {
    const me = await mailbox().get('/me');
    expect(me.userPrincipalName).toBe(ADELE);
    expect(emulator.requestLog.graph()[0].prefer).toBe('outlook.timezone="UTC"');
  });

  it('waits Retry-After on 429, and a jittered exponential backoff when it is absent', async () => {
    emulator.faults.add({ fault: { kind: 'throttle', retryAfterSeconds: 7 }, match: { path: '/me/calendars' } });
    emulator.faults.add({ fault: { kind: 'throttle' }, match: { path: '/me/calendars' }, times: 2 });
    const jitter = [0, 1];
    const calendars = await mailbox({ policy: policy({ random: () => jitter.shift() ?? 0.5 }) }).get('/me/calendars');
    expect(calendars.value).toHaveLength(1);
    // 7 s as asked; then 2 s and 4 s steps with equal jitter: half the step plus 0..half.
    expect(waits).toEqual([7_000, 1_000, 4_000]);
    expect(emulator.requestLog.matching('GET', '/me/calendars').map((entry) => entry.status)).toEqual([429, 429, 429, 200]);
  });

  it('retries 503 a bounded number of times, then reports it', async () => {
    emulator.faults.add({ fault: { kind: 'unavailable' }, match: { path: '/me/calendars' }, times: 1 });
    expect((await mailbox().get('/me/calendars')).value).toHaveLength(1);
    emulator.faults.add({ fault: { kind: 'unavailable' }, match: { path: '/me/calendars' }, times: Infinity });
    const failure = await mailbox({ policy: policy({ maxAttempts: 3 }) })
      .get('/me/calendars')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphCallError);
    expect((failure as GraphCallError).status).toBe(503);
    expect(emulator.requestLog.matching('GET', '/me/calendars')).toHaveLength(1 + 1 + 3);
  });

  it('abandons a request that outlasts its timeout and a connection dropped mid-body, and tries again', async () => {
    emulator.faults.add({ fault: { kind: 'slow', delayMs: 600 }, match: { path: '/me/calendars' } });
    emulator.faults.add({ fault: { kind: 'dropConnection' }, match: { path: '/me/calendars' } });
    const calendars = await mailbox({ policy: policy({ timeoutMs: 200 }) }).get('/me/calendars');
    expect(calendars.value).toHaveLength(1);
    expect(waits).toHaveLength(2);
    emulator.faults.add({ fault: { kind: 'dropConnection' }, match: { path: '/me/calendars' }, times: Infinity });
    await expect(mailbox({ policy: policy({ maxAttempts: 2 }) }).get('/me/calendars')).rejects.toBeInstanceOf(GraphUnreachableError);
  });

  it('refreshes an expired token once and goes on', async () => {
    const before = accounts.tokenRequests();
    emulator.clock.advance(2 * 3600_000);
    try {
      expect((await mailbox().get('/me')).userPrincipalName).toBe(ADELE);
    } finally {
      emulator.clock.advance(-2 * 3600_000);
    }
    expect(accounts.tokenRequests()).toBe(before + 1);
    expect(emulator.requestLog.graph().map((entry) => entry.status)).toEqual([401, 200]);
  });

  it('a revoked grant ends in AccountNeedsReconnectError', async () => {
    const diego = await accounts.connect(2, DIEGO);
    emulator.revokeGrants(DIEGO, demo.app.clientId);
    await expect(mailbox({ access: diego }).get('/me')).rejects.toBeInstanceOf(AccountNeedsReconnectError);
  });

  it('keeps at most 4 requests in flight per mailbox: Outlook never answers MailboxConcurrency', async () => {
    emulator.latencyMs = 60;
    try {
      const gate = new MailboxGate();
      const box = mailbox({ gate });
      await Promise.all(Array.from({ length: 12 }, () => box.get('/me/calendars')));
      expect(gate.maxInFlight).toBe(4);
      expect(emulator.requestLog.graph().filter((entry) => entry.status === 429)).toEqual([]);
      expect(waits).toEqual([]);
    } finally {
      emulator.latencyMs = 0;
    }
  });

  it("reads, writes and batches through the console's own fetch without touching Node's Fetch classes", async () => {
    // Any of them loads undici into the main process (graph/receivedHeaders.ts): each one throws here.
    const fetchClasses = ['Headers', 'Request', 'Response', 'FormData'] as const;
    const originals = fetchClasses.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)!] as const);
    const touched: string[] = [];
    for (const name of fetchClasses) {
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get() {
          touched.push(name);
          throw new Error(`${name} was touched`);
        },
      });
    }
    const own = { ...access, fetch: fetchTrusting(emulator.caCert) };
    try {
      const graph = mailbox({ access: own });
      expect((await graph.get('/me')).userPrincipalName).toBe(ADELE);
      const created = await graph.post('/me/events', {
        subject: 'Own fetch',
        start: { dateTime: '2031-06-01T09:00:00', timeZone: 'UTC' },
        end: { dateTime: '2031-06-01T10:00:00', timeZone: 'UTC' },
      });
      const results = await graph.batch([{ id: 'read', method: 'GET', url: `/me/events/${String(created.id)}` }]);
      expect(results.get('read')!.status).toBe(200);
    } finally {
      for (const [name, descriptor] of originals) Object.defineProperty(globalThis, name, descriptor);
    }
    expect(touched).toEqual([]);
  });

  it('$batch: at most 20 a batch, final answers kept per item, 424s sent again', async () => {
    const create = (i: number, valid = true): BatchItem => ({
      id: `item-${i}`,
      method: 'POST',
      url: '/me/events',
      body: {
        subject: `Batch ${i}`,
        start: { dateTime: '2031-05-01T09:00:00', timeZone: 'UTC' },
        end: { dateTime: valid ? '2031-05-01T10:00:00' : '2031-05-01T08:00:00', timeZone: 'UTC' },
      },
    });
    const items = Array.from({ length: 45 }, (_, i) => create(i, i !== 10));
    const results = await mailbox().batch(items);
    expect(results.size).toBe(45);
    expect(results.get('item-10')!.status).toBe(400);
    expect([...results.values()].filter((result) => result.status === 201)).toHaveLength(44);
    const batches = emulator.requestLog.matching('POST', '/$batch');
    expect(batches.every((entry) => (entry.batch ?? []).length <= 20)).toBe(true);
    // 3 batches at once, then one more for the 9 requests skipped after the invalid one.
    expect(
      batches
        .slice(0, 3)
        .map((entry) => entry.batch!.length)
        .sort(),
    ).toEqual([20, 20, 5]);
    expect(batches[3].batch!.map((sub) => sub.status)).toEqual(Array(9).fill(201));
    const created = [...emulator.directory.mailbox(emulator.directory.findUser(ADELE)!.id).events.values()].filter((event) =>
      event.fields.subject.startsWith('Batch '),
    );
    expect(created).toHaveLength(44);
  });

  it('$batch: a request throttled inside a batch waits Retry-After and is sent again in a later batch', async () => {
    // Another program holds mailbox slots: Outlook lets only one of our batches' requests run at a time.
    emulator.limits.settings.concurrency = 1;
    emulator.latencyMs = 40;
    try {
      const items: BatchItem[] = Array.from({ length: 40 }, (_, i) => ({ id: `get-${i}`, method: 'GET', url: '/me/calendars' }));
      const results = await mailbox().batch(items);
      expect([...results.values()].every((result) => result.status === 200)).toBe(true);
      const subStatuses = emulator.requestLog.matching('POST', '/$batch').flatMap((entry) => entry.batch!.map((sub) => sub.status));
      expect(subStatuses).toContain(429);
      expect(waits.length).toBeGreaterThan(0);
      expect(waits.every((ms) => ms === 1_128)).toBe(true); // the emulator's fractional Retry-After, 1.128 s
    } finally {
      emulator.limits.settings.concurrency = 4;
      emulator.latencyMs = 0;
    }
  });

  describe('writes whose answer is lost are never sent twice', () => {
    const event = (i: number): BatchItem => ({
      id: `create-${i}`,
      method: 'POST',
      url: '/me/events',
      body: {
        subject: `Doubt ${i}`,
        start: { dateTime: '2031-06-01T09:00:00', timeZone: 'UTC' },
        end: { dateTime: '2031-06-01T10:00:00', timeZone: 'UTC' },
      },
    });
    const made = (prefix: string) =>
      [...emulator.directory.mailbox(emulator.directory.findUser(ADELE)!.id).events.values()].filter((stored) =>
        stored.fields.subject.startsWith(prefix),
      );

    it.each([
      ['a dropped connection', { kind: 'dropConnection' } as const, {}, 2],
      ['a timeout', { kind: 'slow', delayMs: 600 } as const, { timeoutMs: 200 }, 2],
      // Only a 429 says "not done"; after a 5xx a write may or may not have happened.
      ['a 503 from the server', { kind: 'unavailable', retryAfterSeconds: 0 } as const, {}, 0],
    ])(
      '%s on a $batch holding creates: each create comes back in doubt, nothing is sent again',
      async (_name, fault, overrides, madeByOutlook) => {
        emulator.faults.add({ fault, match: { method: 'POST', path: '/$batch' } });
        const before = made('Doubt ').length;
        const results = await mailbox({ policy: policy(overrides) }).batch([event(1), event(2), { id: 'read', method: 'GET', url: '/me' }]);
        expect(results.get('create-1')).toMatchObject({ status: 0, outcomeUnknown: expect.any(String) });
        expect(results.get('create-2')).toMatchObject({ status: 0, outcomeUnknown: expect.any(String) });
        expect(made('Doubt ').length - before).toBe(madeByOutlook);
        // The read was safe to send again, alone.
        expect(results.get('read')!.status).toBe(200);
        // (A slow batch is logged when the emulator finally answers it.)
        await vi.waitFor(() => expect(emulator.requestLog.matching('POST', '/$batch')).toHaveLength(2));
        expect(emulator.requestLog.matching('POST', '/$batch').map((entry) => entry.batch?.map((sub) => sub.method).join())).toContain(
          'GET',
        );
      },
    );

    it('a create sent alone is not retried after a dropped connection: WriteOutcomeUnknownError', async () => {
      emulator.faults.add({ fault: { kind: 'dropConnection' }, match: { method: 'POST', path: '/me/events' } });
      const failure = await mailbox()
        .post('/me/events', event(3).body)
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WriteOutcomeUnknownError);
      expect(emulator.requestLog.matching('POST', '/me/events')).toHaveLength(1);
      expect(made('Doubt 3')).toHaveLength(1);
      expect(waits).toEqual([]);
    });

    it('a 429 on a create is "not done": waited for and sent again', async () => {
      emulator.faults.add({ fault: { kind: 'throttle', retryAfterSeconds: 1.5 }, match: { method: 'POST', path: '/me/events' } });
      const created = await mailbox().post('/me/events', event(4).body);
      expect(created.subject).toBe('Doubt 4');
      expect(waits).toEqual([1_500]);
      expect(made('Doubt 4')).toHaveLength(1);
    });
  });

  describe('the longest wait', () => {
    it("a Retry-After beyond it ends the call at once, and the mailbox's next calls stop without asking Outlook", async () => {
      emulator.faults.add({ fault: { kind: 'throttle', retryAfterSeconds: 3600 }, match: { path: '/me/calendars' } });
      const gate = new MailboxGate();
      const box = mailbox({ gate, policy: policy({ maxWaitMs: 5 * 60_000 }) });
      const failure = await box.get('/me/calendars').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(MailboxWaitTooLongError);
      expect((failure as MailboxWaitTooLongError).askedMs).toBe(3_600_000);
      expect(Math.abs((failure as MailboxWaitTooLongError).retryAt.getTime() - (Date.now() + 3_600_000))).toBeLessThan(5_000);
      expect(waits).toEqual([]);
      emulator.requestLog.clear();
      await expect(box.get('/me')).rejects.toBeInstanceOf(MailboxWaitTooLongError);
      expect(emulator.requestLog.graph()).toEqual([]);
      // Another mailbox is not held.
      expect((await mailbox().get('/me')).userPrincipalName).toBe(ADELE);
    });

    it('inside a $batch too', async () => {
      emulator.limits.settings.concurrency = 1;
      emulator.latencyMs = 40;
      try {
        const items: BatchItem[] = Array.from({ length: 40 }, (_, i) => ({ id: `get-${i}`, method: 'GET', url: '/me/calendars' }));
        await expect(mailbox({ policy: policy({ maxWaitMs: 500 }) }).batch(items)).rejects.toBeInstanceOf(MailboxWaitTooLongError);
        expect(waits).toEqual([]);
      } finally {
        emulator.limits.settings.concurrency = 4;
        emulator.latencyMs = 0;
      }
    });
  });
});
