// Figures 6 and 8: the headless core's memory after a sync run, and its start-up times.
import type { Browser } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatorInfo, EmulatorRequest } from './emulatorChild.ts';
import { figure, type Figure } from './figures.ts';
import { forkIpcChild } from './ipcChild.ts';
import { bareNodeRss, bareServerStartMs, startBuiltConsole } from './processes.ts';
import { seedMailboxes, signedInConsole } from './scaleBench.ts';
import type { ScaleRun } from './scaleChild.ts';

type Measured = NodeJS.MemoryUsage & { kinds: string };

const mb = (bytes: number) => bytes / (1024 * 1024);

/** Where a console's RSS is: V8's heap as reserved and as used, and memory outside it. */
function memoryWords(memory: NodeJS.MemoryUsage): string {
  return `RSS ${mb(memory.rss).toFixed(0)} MB, V8 heap ${mb(memory.heapTotal).toFixed(0)} MB (${mb(memory.heapUsed).toFixed(0)} MB used), external ${mb(memory.external).toFixed(0)} MB (array buffers ${mb(memory.arrayBuffers).toFixed(0)} MB)`;
}

/**
 * The console between runs: a console started on data where 100 mailboxes had signed in, one sync
 * run through the real token path (vault, MSAL, a refresh per mailbox, the keep-alive agent), then
 * `idleSeconds` of quiet. The emulator runs in a process of its own.
 */
export async function idleRssFigure(
  o: { mailboxes: number; idleSeconds: number; latencyMs: number; poolSize: number },
  emit: (f: Figure) => void,
): Promise<void> {
  const emulator = await forkIpcChild<EmulatorRequest>('./emulatorChild.mjs', []);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-idle-'));
  try {
    const minted = await seedMailboxes(emulator, 'idle.user', o.mailboxes, 10);
    await emulator.ask({ type: 'latency', ms: o.latencyMs });
    const core = await signedInConsole(emulator.ready.info as EmulatorInfo, minted, { poolSize: o.poolSize, dataDir });
    try {
      const started = await core.ask<Measured>({ type: 'rssAfterQuiet', ms: 0 });
      console.error(`# console started, before the sync run: ${memoryWords(started)}; RSS ${started.kinds}`);
      const run = await core.ask<ScaleRun>({ type: 'run' });
      if (run.status !== 'success') throw new Error(`The sync run before the idle period ended ${run.status}: ${run.summary}`);
      const [bare, idle] = await Promise.all([
        bareNodeRss(o.idleSeconds * 1000),
        core.ask<Measured>({ type: 'rssAfterQuiet', ms: o.idleSeconds * 1000 }),
      ]);
      console.error(`# idle console: ${memoryWords(idle)}; RSS ${idle.kinds}`);
      emit(
        figure(
          'idle_rss_mb',
          mb(idle.rss),
          mb(bare),
          'MB',
          `after a sync run over ${o.mailboxes} mailboxes (every token refreshed through MSAL) and ${o.idleSeconds} s idle; bound = a bare Node process's RSS`,
        ),
      );
    } finally {
      await core.stop();
    }
  } finally {
    await emulator.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type StartupSample = { apiMs: number; paintMs: number; bareMs: number; barePaintMs: number };

/**
 * Start-up, the median of `samples` starts of each (the bare server and the console in turn). One
 * start of either varies widely on this 2-core VM (in the day's runs: bare server 154–346 ms,
 * console 420–937 ms), and a single pair was biased besides: the bench's first `fetch` loads undici into
 * the bench process, a cost only the first bare start paid (196 ms, then 154–174), so the bound
 * read high and the ratio low.
 */
export async function startupFigures(browser: Browser, emit: (f: Figure) => void, samples = 5): Promise<void> {
  const taken: StartupSample[] = [];
  for (let i = 0; i < samples; i++) taken.push(await startupSample(browser));
  const median = (pick: (sample: StartupSample) => number) => {
    const sorted = taken.map(pick).toSorted((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  const each = (pick: (sample: StartupSample) => number) => taken.map((sample) => pick(sample).toFixed(0)).join(', ');
  emit(
    figure(
      'startup_ms',
      median((sample) => sample.apiMs),
      median((sample) => sample.bareMs),
      'ms',
      `headless start to the first /api answer, median of ${samples} (each ${each((sample) => sample.apiMs)}); bound = a bare Node HTTP server started and answering, median of ${samples} (each ${each((sample) => sample.bareMs)})`,
    ),
  );
  emit(
    figure(
      'startup_paint_ms',
      median((sample) => sample.paintMs),
      median((sample) => sample.bareMs + sample.barePaintMs),
      'ms',
      `headless start to the console's first contentful paint, median of ${samples}; bound = bare server + Chromium painting a one-line page, median of ${samples}`,
    ),
  );
}

/**
 * One start of each. The blank page is loaded after the console's start, not before it: Chromium
 * rendering it took a core while the console started (its URL came 150–200 ms later than with
 * the browser quiet), which measured the browser, not the console.
 */
async function startupSample(browser: Browser): Promise<StartupSample> {
  const bare = await bareServerStartMs();
  try {
    const spawnedAt = Date.now();
    const started = performance.now();
    const app = await startBuiltConsole();
    let apiMs: number;
    let paintMs: number;
    try {
      const answer = await fetch(`${app.origin}/api/app.info`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' },
        body: '',
      });
      await answer.text();
      if (!answer.ok) throw new Error(`/api/app.info answered ${answer.status}`);
      apiMs = performance.now() - started;
      const page = await browser.newPage();
      await page.goto(app.url);
      paintMs = (await firstContentfulPaintAt(page)) - spawnedAt;
      await page.close();
    } finally {
      await app.stop();
    }
    const blank = await browser.newPage();
    try {
      const blankStarted = Date.now();
      await blank.goto(`${bare.origin}/`);
      return { apiMs, paintMs, bareMs: bare.answeredMs, barePaintMs: (await firstContentfulPaintAt(blank)) - blankStarted };
    } finally {
      await blank.close();
    }
  } finally {
    bare.stop();
  }
}

/** Epoch milliseconds of the page's first contentful paint. */
async function firstContentfulPaintAt(page: import('playwright-core').Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        new PerformanceObserver((list, observer) => {
          const paint = list.getEntries().find((entry) => entry.name === 'first-contentful-paint');
          if (!paint) return;
          observer.disconnect();
          resolve(performance.timeOrigin + paint.startTime);
        }).observe({ type: 'paint', buffered: true });
      }),
  );
}
