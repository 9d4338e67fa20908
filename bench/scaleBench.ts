// Organisation scale: incremental_10k_s, console_cpu_ms_per_mailbox and rss_10k_mb. The emulator
// and the console each run in a process of their own (bench/emulatorChild.ts, bench/scaleChild.ts),
// so the console's CPU time and memory are its own; a bare Node client (bench/bareSyncClient.mjs)
// gives the CPU bound in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBareClient } from './bareClient.ts';
import type { EmulatorInfo, EmulatorRequest, RemoteRequest } from './emulatorChild.ts';
import { figure, type Figure } from './figures.ts';
import { forkIpcChild, type IpcChild } from './ipcChild.ts';
import type { ScaleRequest, ScaleRun } from './scaleChild.ts';

export type ScaleBenchOptions = { mailboxes: number; smallMailboxes: number; latencyMs: number; poolSize: number };
type Minted = { upn: string; oid: string; refreshToken: string };

const mb = (bytes: number) => bytes / (1024 * 1024);
const log = (line: string) => console.error(`# ${line}`);

/** The console gives memory back after 10 s of quiet; V8 returns the pages to the system some 10 s later. */
const settleMs = 30_000;

/**
 * A console process started on `dataDir`, where a first console (stopped again) signed `minted` in.
 * Set up in one process, measured in the next, started on the same data: an organisation's
 * mailboxes are signed in over days, and the bench's own seeding (a second database connection,
 * 10,000 token caches built as strings) would otherwise stay in the memory measured.
 */
export async function signedInConsole(
  info: EmulatorInfo,
  minted: Minted[],
  o: { poolSize: number; dataDir: string; execArgv?: string[] },
): Promise<IpcChild<ScaleRequest>> {
  const startConsole = () =>
    forkIpcChild<ScaleRequest>('./scaleChild.mjs', [o.dataDir, 'out/renderer', JSON.stringify(info)], {
      profilesItself: true,
      execArgv: o.execArgv,
    });
  const setUpConsole = await startConsole();
  try {
    const setUpStarted = performance.now();
    await setUpConsole.ask({ type: 'setUp', mailboxes: minted, poolSize: o.poolSize });
    const setUpRss = await setUpConsole.ask<number>({ type: 'rss' });
    log(
      `console set up with ${minted.length} signed-in mailboxes: ${((performance.now() - setUpStarted) / 1000).toFixed(1)} s, RSS ${mb(setUpRss).toFixed(0)} MB; restarted on the same data for the runs`,
    );
  } finally {
    await setUpConsole.stop();
  }
  return startConsole();
}

/** `count` mailboxes seeded inside the emulator's process, in one message: mailboxes, their events and refresh tokens. */
export async function seedMailboxes(emulator: IpcChild<EmulatorRequest>, prefix: string, count: number, eventsPerMailbox: number) {
  const started = performance.now();
  const upns = await emulator.ask<string[]>({ type: 'seed', prefix, count, eventsPerMailbox });
  const minted = await emulator.ask<Minted[]>({ type: 'refreshTokens', upns });
  log(`${count} mailboxes seeded in the emulator: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return minted;
}

/** A console process with `mailboxes` signed in, synced once (the first run refreshes every token), then timed incrementally. */
async function consoleAtScale(
  emulator: IpcChild<EmulatorRequest>,
  info: EmulatorInfo,
  minted: Minted[],
  o: ScaleBenchOptions,
): Promise<{ first: ScaleRun; incremental: ScaleRun; requests: RemoteRequest[]; settledRss: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  try {
    const console_ = await signedInConsole(info, minted, { poolSize: o.poolSize, dataDir, execArgv: ['--expose-gc'] });
    return await runsInNewConsole(console_, emulator, minted, o);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The first and the incremental run in a console started on the set-up data, and its memory once settled. */
async function runsInNewConsole(
  console_: IpcChild<ScaleRequest>,
  emulator: IpcChild<EmulatorRequest>,
  minted: Minted[],
  o: ScaleBenchOptions,
): Promise<{ first: ScaleRun; incremental: ScaleRun; requests: RemoteRequest[]; settledRss: number }> {
  try {
    await emulator.ask({ type: 'latency', ms: 0 });
    const first = await console_.ask<ScaleRun>({ type: 'run' });
    // A few mailboxes failing on a loaded machine (a lost connection) do not void the figures: said, not hidden.
    if (first.status !== 'success') log(`the first run over ${minted.length} mailboxes ended ${first.status}: ${first.summary}`);
    log(
      `first run over ${minted.length} mailboxes (every token refreshed through MSAL): ${(first.wallMs / 1000).toFixed(1)} s, RSS ${mb(first.rss).toFixed(0)} MB, heap held ${mb(first.heapUsed).toFixed(0)} MB; ${memoryWords(first)}`,
    );
    await emulator.ask({ type: 'takeRequests' });
    await emulator.ask({ type: 'latency', ms: o.latencyMs });
    const incremental = await console_.ask<ScaleRun>({ type: 'run' });
    if (incremental.status !== 'success')
      log(`the incremental run over ${minted.length} mailboxes ended ${incremental.status}: ${incremental.summary}`);
    const requests = await emulator.ask<RemoteRequest[]>({ type: 'takeRequests' });
    log(
      `incremental run over ${minted.length} mailboxes: ${(incremental.wallMs / 1000).toFixed(1)} s, RSS ${mb(incremental.rss).toFixed(0)} MB, heap held ${mb(incremental.heapUsed).toFixed(0)} MB; ${memoryWords(incremental)}`,
    );
    const settled = await console_.ask<NodeJS.MemoryUsage & { kinds: string }>({ type: 'rssAfterQuiet', ms: settleMs });
    log(
      `${minted.length} mailboxes, ${settleMs / 1000} s after the run: RSS ${mb(settled.rss).toFixed(0)} MB, V8 heap ${mb(settled.heapTotal).toFixed(0)} MB (${mb(settled.heapUsed).toFixed(0)} MB used); RSS ${settled.kinds}`,
    );
    return { first, incremental, requests, settledRss: settled.rss };
  } finally {
    await console_.stop();
  }
}

/** Where the RSS is: V8's heap as reserved at the end and at its largest, memory outside it. */
function memoryWords({ memory }: ScaleRun): string {
  return `before the run RSS ${memory.rssBefore} MB, V8 heap ${memory.heapTotalBefore} MB; after: V8 heap ${memory.heapTotal} MB (largest during the run ${memory.peakHeapTotal} MB), external ${memory.external} MB (array buffers ${memory.arrayBuffers} MB), largest RSS ${memory.peakRss} MB; V8 spaces: ${memory.spaces}`;
}

export async function scaleFigures(o: ScaleBenchOptions, emit: (f: Figure) => void): Promise<void> {
  const emulator = await forkIpcChild<EmulatorRequest>('./emulatorChild.mjs', []);
  const info = emulator.ready.info as EmulatorInfo;
  try {
    const seed = (prefix: string, count: number) => seedMailboxes(emulator, prefix, count, 3);
    const small = await consoleAtScale(emulator, info, await seed('small.user', o.smallMailboxes), o);
    log(`${o.smallMailboxes} mailboxes: incremental ${(small.incremental.wallMs / 1000).toFixed(1)} s`);
    const minted = await seed('scale.user', o.mailboxes);
    const large = await consoleAtScale(emulator, info, minted, o);
    const bare = await runBareClient(
      info,
      minted.map((m) => m.refreshToken),
      o.poolSize,
    );
    await emulator.ask({ type: 'takeRequests' });

    const n = o.mailboxes;
    const ended =
      large.incremental.status === 'success' ? '' : ` (the run ended ${large.incremental.status}: ${large.incremental.summary})`;
    const note = `${n} mailboxes, incremental, ${o.latencyMs} ms per request, pool ${o.poolSize}${ended}`;
    emit(figure('incremental_10k_s', large.incremental.wallMs / 1000, 60, 's', `${note}; bound = the issue's target of 60 s`));
    emit(
      figure(
        'incremental_10k_requests',
        large.requests.length,
        n,
        'requests',
        `${note}; one delta request per mailbox (the first run refreshed the tokens: none asked again)`,
      ),
    );
    const parallelBoundMs = Math.ceil(n / o.poolSize) * o.latencyMs;
    emit(
      figure(
        'incremental_10k_wall_ratio',
        large.incremental.wallMs,
        parallelBoundMs,
        'ms',
        `${note}; bound = ceil(N / pool) x latency (one request per mailbox, pool mailboxes at once)`,
      ),
    );
    emit(
      figure(
        'console_cpu_ms_per_mailbox',
        large.incremental.cpuMs / n,
        bare.cpuMs / n,
        'ms',
        `console process CPU (user + system) in that run / ${n}; bound = a bare Node client doing the same HTTPS request and one SQLite write per mailbox, ${o.poolSize} at once (${(bare.wallMs / 1000).toFixed(1)} s wall)`,
      ),
    );
    emit(
      figure(
        'rss_10k_mb',
        mb(large.incremental.rss),
        mb(small.incremental.rss),
        'MB',
        `console RSS after the incremental run over ${n} mailboxes; bound = the same after ${o.smallMailboxes} mailboxes (the first run over ${n}: ${(large.first.wallMs / 1000).toFixed(0)} s, every token refreshed through MSAL)`,
      ),
    );
    emit(
      figure(
        'rss_10k_settled_mb',
        mb(large.settledRss),
        mb(small.settledRss),
        'MB',
        `console RSS ${settleMs / 1000} s after that run, once memory was given back (what it holds between runs); bound = the same with ${o.smallMailboxes} mailboxes`,
      ),
    );
  } finally {
    await emulator.stop();
  }
}
