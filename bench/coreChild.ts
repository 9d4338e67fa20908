// The headless core in its own process, as `npm run headless` runs it, with Graph access going to
// the emulator (which lives in the parent, so the memory measured here is the console's alone).
// The parent drives it over IPC: sign users in and run the calendar sync job, report RSS, or write
// log entries through the core's logger at a given rate.
import { resolve } from 'node:path';
import { startHeadless } from '../src/main/headless';
import { rssKinds } from './rssKinds.ts';
import { calendarSyncJobId } from '../src/main/sync/calendarSyncJob';
import type { DemoTenant } from '../test/emulator/demoTenant.ts';
import type { Emulator } from '../test/emulator/server.ts';
import { emulatorAccounts } from '../test/support/emulatorGraphAccess';

export type EmulatorHandle = { origin: string; caCert: string; tenantId: string; clientId: string; clientSecret: string };
export type ChildRequest =
  { type: 'sync'; upns: string[] } | { type: 'rss' } | { type: 'log'; count: number; perSecond: number; needleEvery: number };

const [dataDir, rendererDir, handleJson] = process.argv.slice(2);
const handle = JSON.parse(handleJson) as EmulatorHandle;
// emulatorAccounts only needs where the emulator is and which CA it uses.
const emulator = {
  origin: handle.origin,
  caCert: handle.caCert,
  graphBaseUrl: handle.origin,
  authority: (tenant: string) => `${handle.origin}/${tenant}`,
} as unknown as Emulator;
const demo = {
  tenant: { id: handle.tenantId },
  app: { clientId: handle.clientId },
  clientSecret: handle.clientSecret,
} as unknown as DemoTenant;
const accounts = emulatorAccounts(emulator, demo);

const running = await startHeadless({ dataDir, port: 0, rendererDir: resolve(rendererDir), ports: { graphAccess: accounts.provider } });
console.log(`Console: ${running.bridge.consoleUrl}`);
const reply = (message: unknown) => process.send?.(message);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function syncAll(upns: string[]): Promise<unknown> {
  const { core } = running;
  // Through the contract, as the Access control page does: the core exposes no service to its edges.
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const result = await core.registry.invoke(channel, input, { transport: 'internal' });
    if (!result.ok) throw new Error(result.error.message);
    return result.result as T;
  };
  const role = await call<{ id: number }>('access.createRole', { name: 'Calendar sync' });
  await call('access.setRoleScope', { id: role.id, scope: 'outlookCalendar', enabled: true });
  for (const [i, upn] of upns.entries()) {
    const user = await call<{ id: number }>('access.createUser', {
      name: `Bench User ${i}`,
      email: upn,
      type: 'regular',
      roleIds: [role.id],
    });
    await accounts.connect(user.id, upn);
  }
  const run = core.jobs.runNow(calendarSyncJobId);
  for (;;) {
    const latest = core.jobs.list().find((job) => job.id === calendarSyncJobId)?.lastRun;
    if (latest && latest.id === run.id && latest.status !== 'running') return latest;
    await sleep(100);
  }
}

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
    if (message.type === 'sync') return { type: 'synced', run: await syncAll(message.upns) };
    if (message.type === 'rss') {
      const memory = process.memoryUsage();
      return { type: 'rss', rss: memory.rss, memory, kinds: rssKinds() };
    }
    await writeLog(message.count, message.perSecond, message.needleEvery);
    return { type: 'logged' };
  };
  work().then(reply, (error: Error) => reply({ type: 'error', message: error.stack ?? error.message }));
});
process.on('SIGTERM', () => void running.stop().then(() => process.exit(0)));
