// Figures 6 and 8: the headless core's memory after a sync run, and its start-up times.
import type { Browser } from 'playwright-core';
import { seedDemoTenant } from '../test/emulator/demoTenant.ts';
import { startEmulator } from '../test/emulator/server.ts';
import { figure, type Figure } from './figures.ts';
import { bareNodeRss, bareServerStartMs, startBuiltConsole, startCoreChild } from './processes.ts';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const mb = (bytes: number) => bytes / (1024 * 1024);

/** Where a console's RSS is: V8's heap as reserved and as used, and memory outside it. */
function memoryWords(memory: NodeJS.MemoryUsage): string {
  return `RSS ${mb(memory.rss).toFixed(0)} MB, V8 heap ${mb(memory.heapTotal).toFixed(0)} MB (${mb(memory.heapUsed).toFixed(0)} MB used), external ${mb(memory.external).toFixed(0)} MB (array buffers ${mb(memory.arrayBuffers).toFixed(0)} MB)`;
}

export async function idleRssFigure(
  o: { mailboxes: number; idleSeconds: number; latencyMs: number },
  emit: (f: Figure) => void,
): Promise<void> {
  const emulator = await startEmulator();
  const demo = seedDemoTenant(emulator);
  const upns: string[] = [];
  for (let i = 0; i < o.mailboxes; i++) {
    const upn = `idle.user${i}@contoso.onmicrosoft.com`;
    emulator.directory.addUser(demo.tenant, { userPrincipalName: upn, displayName: `Idle User ${i}` });
    for (let e = 0; e < 10; e++) {
      const start = new Date(Date.now() + (e + 1) * 24 * 3600_000).toISOString().slice(0, 13) + ':00:00';
      emulator.outlook.createEvent(upn, {
        subject: `Meeting ${e}`,
        start: { dateTime: start, timeZone: 'UTC' },
        end: { dateTime: start.replace(/:00:00$/, ':30:00'), timeZone: 'UTC' },
      });
    }
    upns.push(upn);
  }
  emulator.latencyMs = o.latencyMs;
  const core = await startCoreChild({
    origin: emulator.origin,
    caCert: emulator.caCert,
    tenantId: demo.tenant.id,
    clientId: demo.app.clientId,
    clientSecret: demo.clientSecret,
  });
  try {
    const started = await core.ask<{ rss: number; memory: NodeJS.MemoryUsage; kinds: string }>({ type: 'rss' });
    console.error(`# console started, before the sync run: ${memoryWords(started.memory)}; RSS ${started.kinds}`);
    const { run } = await core.ask<{ run: { status: string; summary: string } }>({ type: 'sync', upns });
    if (run.status !== 'success') throw new Error(`The sync run before the idle period ended ${run.status}: ${run.summary}`);
    const [bare] = await Promise.all([bareNodeRss(o.idleSeconds * 1000), sleep(o.idleSeconds * 1000)]);
    const { rss, memory, kinds } = await core.ask<{ rss: number; memory: NodeJS.MemoryUsage; kinds: string }>({ type: 'rss' });
    console.error(`# idle console: ${memoryWords(memory)}; RSS ${kinds}`);
    emit(
      figure(
        'idle_rss_mb',
        mb(rss),
        mb(bare),
        'MB',
        `after a sync run over ${o.mailboxes} mailboxes and ${o.idleSeconds} s idle; bound = a bare Node process's RSS`,
      ),
    );
  } finally {
    await core.stop();
    await emulator.stop();
  }
}

export async function startupFigures(browser: Browser, emit: (f: Figure) => void): Promise<void> {
  const bare = await bareServerStartMs();
  const blank = await browser.newPage();
  try {
    const blankStarted = Date.now();
    await blank.goto(`${bare.origin}/`);
    const blankPaint = await firstContentfulPaintAt(blank);
    const spawnedAt = Date.now();
    const started = performance.now();
    const app = await startBuiltConsole();
    let apiMs = 0;
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
      const paintMs = (await firstContentfulPaintAt(page)) - spawnedAt;
      await page.close();
      emit(
        figure(
          'startup_ms',
          apiMs,
          bare.answeredMs,
          'ms',
          'headless start to the first /api answer; bound = a bare Node HTTP server started and answering',
        ),
      );
      emit(
        figure(
          'startup_paint_ms',
          paintMs,
          bare.answeredMs + (blankPaint - blankStarted),
          'ms',
          "headless start to the console's first contentful paint; bound = bare server + Chromium painting a one-line page",
        ),
      );
    } finally {
      await app.stop();
    }
  } finally {
    await blank.close();
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
