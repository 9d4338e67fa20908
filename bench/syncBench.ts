// Figures 1–5: Graph requests and wall time of the real CalendarSyncEngine against the emulator.
import { availableParallelism } from 'node:os';
import type { EventEdit } from '../src/main/sync/eventStore';
import { profiledPhase } from './cpuProfile.ts';
import { figure, type Figure } from './figures.ts';
import type { RemoteRequest } from './emulatorChild.ts';
import { createRemoteSyncWorkspace, createSyncWorkspace } from './syncWorkspace.ts';

export type SyncBenchOptions = {
  mailboxes: number;
  events: number;
  pageSize: number;
  latencyMs: number;
  pushChanges: number;
  throughputMailboxes: number;
  throughputLatencyMs: number;
  poolSize: number;
};

const batchLimit = 20;

export async function requestFigures(o: SyncBenchOptions, emit: (f: Figure) => void): Promise<void> {
  const ws = await createSyncWorkspace({ mailboxes: o.mailboxes, eventsPerMailbox: o.events, pageSize: o.pageSize, poolSize: o.poolSize });
  try {
    await ws.takeRequests();
    const initial = await ws.runJob();
    failIf(initial.failures);
    const pagesPerCalendar = Math.max(1, Math.ceil(o.events / o.pageSize));
    emit(
      figure(
        'initial_requests',
        (await ws.takeRequests()).length,
        o.mailboxes * pagesPerCalendar,
        'requests',
        `${o.mailboxes} mailboxes x ${o.events} events, page size ${o.pageSize}`,
      ),
    );

    const incremental = await ws.runJob();
    failIf(incremental.failures);
    emit(figure('incremental_requests', (await ws.takeRequests()).length, o.mailboxes, 'requests', `${o.mailboxes} mailboxes, no changes`));

    // k console-made meetings per mailbox, then one run: only its $batch requests are the push.
    const day = 24 * 3600_000;
    for (const user of ws.users) {
      for (let i = 0; i < o.pushChanges; i++) {
        const start = new Date(Math.floor(Date.now() / day) * day + (2 + i) * day + 10 * 3600_000);
        const fields: EventEdit = {
          kind: 'meeting',
          name: `Local ${i}`,
          start: start.toISOString(),
          end: new Date(start.getTime() + 3600_000).toISOString(),
          allDay: false,
          timeZone: 'UTC',
          location: '',
          description: '',
          status: 'planned',
          assignedUserId: user.id,
          attendees: [],
        };
        ws.engine.events.insert(fields, 'console', new Date());
      }
    }
    const push = await ws.runJob();
    failIf(push.failures);
    const requests = await ws.takeRequests();
    const batches = requests.filter((r) => r.method === 'POST' && r.path.startsWith('/v1.0/$batch')).length;
    emit(
      figure(
        'push_requests',
        batches,
        o.mailboxes * Math.ceil(o.pushChanges / batchLimit),
        'requests',
        `${o.pushChanges} changes per mailbox; the run also read the delta ${requests.length - batches} times`,
      ),
    );
  } finally {
    await ws.close();
  }
}

/** First sync over N mailboxes with latency L; pages in sequence per calendar, mailboxes in the pool. */
export async function wallFigure(o: SyncBenchOptions, emit: (f: Figure) => void): Promise<void> {
  // The emulator in its own process: the wall time pays for the console's work alone.
  const ws = await createRemoteSyncWorkspace({
    mailboxes: o.mailboxes,
    eventsPerMailbox: o.events,
    pageSize: o.pageSize,
    poolSize: o.poolSize,
  });
  try {
    await ws.setLatency(o.latencyMs);
    // Not measured: a first sync of the same mailboxes by the bare client, so the emulator's code
    // is compiled, as a service's is that has been answering for a while. Cold, it built its first
    // pages between the console's TLS handshakes, which completed one every 3–5 ms (up to 121 ms in).
    await ws.bareClient?.(o.poolSize);
    await ws.takeRequests();
    const emulatorCpuBefore = (await ws.emulatorCpuMs?.()) ?? NaN;
    let startedAt = 0;
    let cpu = process.cpuUsage();
    const run = await profiledPhase(`wall-run-${process.pid}`, async () => {
      startedAt = Date.now();
      const cpuBefore = process.cpuUsage();
      const result = await ws.runJob();
      cpu = process.cpuUsage(cpuBefore);
      return result;
    });
    const emulatorCpuMs = ((await ws.emulatorCpuMs?.()) ?? NaN) - emulatorCpuBefore;
    console.error(`# ${whereTheWallWent(await ws.takeRequests(), startedAt, startedAt + run.wallMs)}`);
    failIf(run.failures);
    // The same first sync by a bare Node client (pages read and parsed, nothing written), at the same latency.
    const bare = await ws.bareClient?.(o.poolSize);
    await ws.takeRequests();
    // The parallel bound: each calendar's pages one after another, up to `pool` calendars at once.
    const bound = Math.ceil(o.mailboxes / o.poolSize) * Math.max(1, Math.ceil(o.events / o.pageSize)) * o.latencyMs;
    emit(
      figure(
        'run_wall_ratio',
        run.wallMs,
        bound,
        'ms',
        `first sync, ${o.mailboxes} mailboxes x ${o.events} events, latency ${o.latencyMs} ms, pool ${o.poolSize}, emulator in its own process; console CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms, emulator CPU ${emulatorCpuMs.toFixed(0)} ms (both on the machine's ${availableParallelism()} cores); bound = ceil(N / pool) x pages x latency${bare ? `; a bare Node client's same first sync (pages read and parsed, nothing written): ${bare.firstSync.wallMs.toFixed(0)} ms (${(bare.firstSync.wallMs / bound).toFixed(2)} of the bound), its CPU ${bare.firstSync.cpuMs.toFixed(0)} ms` : ''}`,
      ),
    );
  } finally {
    await ws.close();
  }
}

/** Incremental runs (no changes) over many mailboxes; the bound is one request's latency each, pool mailboxes at once. */
export async function throughputFigure(o: SyncBenchOptions, emit: (f: Figure) => void): Promise<void> {
  const ws = await createRemoteSyncWorkspace({
    mailboxes: o.throughputMailboxes,
    eventsPerMailbox: 3,
    pageSize: o.pageSize,
    poolSize: o.poolSize,
  });
  try {
    failIf((await ws.runJob()).failures);
    await ws.setLatency(o.throughputLatencyMs);
    const run = await ws.runJob();
    failIf(run.failures);
    const perSecond = o.throughputMailboxes / (run.wallMs / 1000);
    emit(
      figure(
        'throughput_mailboxes_per_s',
        perSecond,
        (Math.min(o.poolSize, o.throughputMailboxes) * 1000) / o.throughputLatencyMs,
        'mailboxes/s',
        `incremental, ${o.throughputMailboxes} mailboxes, latency ${o.throughputLatencyMs} ms, pool ${o.poolSize}, emulator in its own process; bound = pool x 1000 / latency`,
        'boundOverValue',
      ),
    );
  } finally {
    await ws.close();
  }
}

/**
 * Where a first sync's wall time went, from the emulator's request log (each request's arrival and
 * the time it took there, latency included): how long after the run began each mailbox's first
 * request arrived, how long the emulator took to answer (the latency, its own work inside it),
 * how long each mailbox's next request waited after an answer (the console's work
 * on a page, or its wait for the CPU), and how long the run went on after each mailbox's last answer.
 */
function whereTheWallWent(requests: readonly RemoteRequest[], startedAt: number, endedAt: number): string {
  const byMailbox = new Map<string, RemoteRequest[]>();
  for (const request of requests) byMailbox.set(request.userId ?? '?', [...(byMailbox.get(request.userId ?? '?') ?? []), request]);
  const first: number[] = [];
  const between: number[] = [];
  const after: number[] = [];
  const answered = (request: RemoteRequest) => request.at + request.durationMs;
  for (const list of byMailbox.values()) {
    list.sort((a, b) => a.at - b.at);
    first.push(list[0].at - startedAt);
    for (let i = 1; i < list.length; i++) between.push(list[i].at - answered(list[i - 1]));
    after.push(endedAt - answered(list[list.length - 1]));
  }
  const spread = (values: number[]) => {
    const sorted = values.toSorted((a, b) => a - b);
    return `least ${Math.round(sorted[0])} ms, median ${Math.round(sorted[Math.floor(sorted.length / 2)])} ms, most ${Math.round(sorted[sorted.length - 1])} ms`;
  };
  return `run_wall_ratio timeline: first request arrived ${spread(first)} after the start; the emulator answered in ${spread(requests.map((r) => r.durationMs))}; next request after an answer ${spread(between)}; run went on after a mailbox's last answer ${spread(after)}`;
}

function failIf(failures: string[]): void {
  if (failures.length > 0) throw new Error(`The sync run failed for ${failures.length} mailboxes, e.g. ${failures[0]}`);
}
