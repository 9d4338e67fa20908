// The headless core in its own process, as `npm run headless` runs it, for the Logs viewer's
// figures: the parent asks it over IPC to write log entries through the core's logger at a given
// rate. (The memory figures use bench/scaleChild.ts, which syncs through the real token path.)
import { resolve } from 'node:path';
import { startHeadless } from '../src/main/headless';

export type ChildRequest = { type: 'log'; count: number; perSecond: number; needleEvery: number };

const [dataDir, rendererDir] = process.argv.slice(2);
const running = await startHeadless({ dataDir, port: 0, rendererDir: resolve(rendererDir) });
console.log(`Console: ${running.bridge.consoleUrl}`);
const reply = (message: unknown) => process.send?.(message);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function writeLog(count: number, perSecond: number, needleEvery: number): Promise<void> {
  const log = running.core.logs.logger('bench');
  const tick = 50;
  const perTick = Math.max(1, Math.round((perSecond * tick) / 1000));
  const started = performance.now();
  for (let written = 0; written < count;) {
    for (let i = 0; i < perTick && written < count; i++, written++) {
      log.info(written % needleEvery === 0 ? `Bench entry ${written} needle-marker` : `Bench entry ${written}: nothing to see here`, {
        n: written,
      });
    }
    // Paced against the start, so slow ticks do not lower the rate.
    const due = started + (written / perSecond) * 1000;
    await sleep(Math.max(0, due - performance.now()));
  }
}

process.on('message', (message: ChildRequest) => {
  const work = async () => {
    await writeLog(message.count, message.perSecond, message.needleEvery);
    return { type: 'logged' };
  };
  work().then(reply, (error: Error) => reply({ type: 'error', message: error.stack ?? error.message }));
});
process.on('SIGTERM', () => void running.stop().then(() => process.exit(0)));
