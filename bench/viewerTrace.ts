// What the Logs page's main thread spends the stream on: opt-in (BENCH_VIEWER_TRACE=<file prefix>),
// because tracing and sampling cost the page time themselves and would inflate the figures.
// Records a Chromium trace (tasks, frames, GC, layout) and a V8 CPU profile over the stream,
// writes both next to the prefix for DevTools, and prints on stderr:
// - the longest main-thread tasks, each broken down into the trace events inside it and the
//   JavaScript functions sampled during it (self time);
// - the self time of the top functions over the whole phase (per second of stream).
// The filter rounds are traced too, as a phase of their own (<prefix>-filter).
import { writeFileSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';

type TraceEvent = {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
};
type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

const categories = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'blink.user_timing'];

/** `seconds`: what the totals are divided by (the stream's length; 1 for a phase with no length of its own). */
export type ViewerTrace = { stop(seconds: number): Promise<void> };

export async function startViewerTrace(page: Page, prefix: string): Promise<ViewerTrace> {
  const session = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  await session.send('Tracing.start', { traceConfig: { includedCategories: categories }, transferMode: 'ReportEvents' });
  await session.send('Profiler.start');
  return {
    async stop(seconds) {
      const { profile } = (await session.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      await endTracing(session);
      writeFileSync(`${prefix}.trace.json`, JSON.stringify({ traceEvents: events }));
      writeFileSync(`${prefix}.cpuprofile`, JSON.stringify(profile));
      console.error(summarise(prefix, events, profile, seconds));
      await session.detach();
    },
  };
}

function endTracing(session: CDPSession): Promise<void> {
  return new Promise((resolve) => {
    session.once('Tracing.tracingComplete', () => resolve());
    void session.send('Tracing.end');
  });
}

function summarise(prefix: string, events: TraceEvent[], profile: CpuProfile, seconds: number): string {
  // The renderer's main thread: the one that ran the page's animation frames.
  const frameEvent = events.find((e) => e.name === 'FireAnimationFrame' || e.name === 'FunctionCall');
  const main = events.filter((e) => e.pid === frameEvent?.pid && e.tid === frameEvent?.tid && e.ph === 'X' && e.dur !== undefined);
  const tasks = main.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask').sort((a, b) => b.dur! - a.dur!);
  const samples = sampleTimes(profile);
  const lines = [`# viewer trace ${prefix}: ${tasks.length} main-thread tasks; the longest:`];
  for (const task of tasks.slice(0, 5)) {
    const end = task.ts + task.dur!;
    const inside = new Map<string, number>();
    for (const e of main) {
      if (e === task || e.ts < task.ts || e.ts + e.dur! > end || e.name.includes('RunTask')) continue;
      inside.set(e.name, (inside.get(e.name) ?? 0) + e.dur!);
    }
    const events = [...inside].sort((a, b) => b[1] - a[1]).slice(0, 8);
    lines.push(
      `#   task ${(task.dur! / 1000).toFixed(1)} ms: ${events.map(([name, us]) => `${name} ${(us / 1000).toFixed(1)}`).join(', ')}`,
    );
    const functions = selfTimes(profile, samples, task.ts, end).slice(0, 8);
    lines.push(`#     functions (self ms): ${functions.map(([name, us]) => `${name} ${(us / 1000).toFixed(1)}`).join(', ')}`);
  }
  const whole = selfTimes(profile, samples, -Infinity, Infinity).slice(0, 20);
  lines.push(`# self time over the phase, ms per ${seconds} s:`);
  for (const [name, us] of whole) lines.push(`#   ${(us / 1000 / seconds).toFixed(1).padStart(7)}  ${name}`);
  return lines.join('\n');
}

/** Each sample's time on the trace clock (both are monotonic microseconds) and its duration. */
function sampleTimes(profile: CpuProfile): Array<{ node: number; at: number; us: number }> {
  const out: Array<{ node: number; at: number; us: number }> = [];
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    at += profile.timeDeltas[i];
    out.push({ node: profile.samples[i], at, us: profile.timeDeltas[i + 1] ?? 0 });
  }
  return out;
}

function selfTimes(profile: CpuProfile, samples: ReturnType<typeof sampleTimes>, from: number, to: number): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  for (const sample of samples) {
    if (sample.at < from || sample.at > to) continue;
    const frame = byId.get(sample.node)!.callFrame;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') continue;
    const file = frame.url.split('/').pop() ?? '';
    const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    totals.set(name, (totals.get(name) ?? 0) + sample.us);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}
