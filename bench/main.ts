// `npm run bench -- [--quick] [flags]`: every figure of docs/benchmarks.md, one JSON line each,
// then a table. Runs the real sync engine and the real headless core against the emulator.
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { idleRssFigure, startupFigures } from './coreBench.ts';
import { emailFigures } from './emailBench.ts';
import { printFigure, table, type Figure } from './figures.ts';
import { scaleFigures } from './scaleBench.ts';
import { requestFigures, throughputFigure, wallFigure } from './syncBench.ts';
import { defaultMailboxPool } from '../src/shared/contract';
import { viewerFigures } from './viewerBench.ts';

const full = {
  mailboxes: 20,
  events: 120,
  'page-size': 50,
  latency: 100,
  push: 45,
  'throughput-mailboxes': 300,
  'throughput-latency': 50,
  'idle-mailboxes': 100,
  'idle-seconds': 30,
  'log-entries': 100_000,
  'fill-rate': 10_000,
  'stream-seconds': 10,
  'stream-rate': 2000,
  'email-messages': 500,
  'email-folders': 3,
  pool: defaultMailboxPool,
  'scale-mailboxes': 10_000,
  'scale-small': 100,
  'scale-latency': 100,
};
const quick: typeof full = {
  ...full,
  mailboxes: 5,
  events: 60,
  latency: 100,
  push: 25,
  'throughput-mailboxes': 60,
  'idle-seconds': 5,
  'stream-seconds': 4,
  'log-entries': 20_000,
  'email-messages': 150,
  'scale-mailboxes': 500,
};
const only = ['requests', 'wall', 'throughput', 'scale', 'idle', 'startup', 'viewer', 'email'] as const;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    only: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    ...Object.fromEntries(Object.keys(full).map((name) => [name, { type: 'string' as const }])),
  },
  strict: true,
});
const defaults = values.quick ? quick : full;
if (values.help) {
  console.log(`Usage: npm run bench -- [--quick] [--only ${only.join(',')}] ${Object.keys(full)
    .map((name) => `[--${name} N]`)
    .join(' ')}
Defaults (full / --quick): ${Object.keys(full)
    .map((name) => `${name} ${full[name as keyof typeof full]}/${quick[name as keyof typeof full]}`)
    .join(', ')}`);
  process.exit(0);
}
const option = (name: keyof typeof full): number => {
  const raw = (values as Record<string, unknown>)[name];
  const value = raw === undefined ? defaults[name] : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number (got "${String(raw)}").`);
  return value;
};
const selected = new Set(values.only ? values.only.split(',') : only);

const figures: Figure[] = [];
const emit = (f: Figure) => {
  figures.push(f);
  printFigure(f);
};
const sync = {
  mailboxes: option('mailboxes'),
  events: option('events'),
  pageSize: option('page-size'),
  latencyMs: option('latency'),
  pushChanges: option('push'),
  throughputMailboxes: option('throughput-mailboxes'),
  throughputLatencyMs: option('throughput-latency'),
  poolSize: option('pool'),
};
const started = performance.now();
const step = async (name: (typeof only)[number], work: () => Promise<void>) => {
  if (!selected.has(name)) return;
  const t = performance.now();
  await work();
  console.error(`# ${name} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
};

await step('requests', () => requestFigures(sync, emit));
await step('wall', () => wallFigure(sync, emit));
await step('throughput', () => throughputFigure(sync, emit));
await step('scale', () =>
  scaleFigures(
    {
      mailboxes: option('scale-mailboxes'),
      smallMailboxes: option('scale-small'),
      latencyMs: option('scale-latency'),
      poolSize: option('pool'),
    },
    emit,
  ),
);
await step('email', () => emailFigures({ messages: option('email-messages'), folders: option('email-folders') }, emit));
await step('idle', () =>
  idleRssFigure({ mailboxes: option('idle-mailboxes'), idleSeconds: option('idle-seconds'), latencyMs: 0, poolSize: option('pool') }, emit),
);
if (selected.has('startup') || selected.has('viewer')) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    await step('startup', () => startupFigures(browser, emit));
    await step('viewer', () =>
      viewerFigures(
        browser,
        {
          entries: option('log-entries'),
          fillRate: option('fill-rate'),
          streamSeconds: option('stream-seconds'),
          streamRate: option('stream-rate'),
        },
        emit,
      ),
    );
  } finally {
    await browser.close();
  }
}
console.log('');
console.log(table(figures));
console.log(
  `\nratio: value / bound (throughput: bound / value), so 1.00 is the limit and higher is further from it. Took ${((performance.now() - started) / 1000).toFixed(0)} s.`,
);
