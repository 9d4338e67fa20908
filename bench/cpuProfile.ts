// BENCH_CPU_PROFILE=<dir>: a V8 CPU profile of one phase of a bench process (a run, not its set-up),
// so where a figure's time goes can be read without the set-up drowning it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Runs `work`, profiled into `<BENCH_CPU_PROFILE>/<name>.cpuprofile` when that is set. */
export async function profiledPhase<T>(name: string, work: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return work();
  // Loaded only to profile: a measured console would otherwise carry the inspector in its memory.
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}
