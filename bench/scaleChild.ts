// The headless console at organisation scale, in a process of its own: the real core (SQLite,
// key-file vault, AccountService with MSAL, the job with its mailbox pool) against the emulator,
// which runs in another process (bench/emulatorChild.ts). Every mailbox's sign-in is put in the
// vault as MSAL's own cache would hold it after a sign-in (its refresh token, no access token), so
// the first run refreshes every token through MSAL and the token endpoint: the real token path.
// The parent asks over IPC: set up N mailboxes, run the sync job, report CPU and memory.
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { AccountRepository } from '../src/main/accounts/accountRepository';
import { tokenCacheEntryName } from '../src/main/auth/vaultTokenCache';
import { startHeadless } from '../src/main/headless';
import { calendarSyncJobId } from '../src/main/sync/calendarSyncJob';
import type { IntegrationConfig, RunDetail, RunSummary } from '../src/shared/contract';
import { profiledPhase } from './cpuProfile.ts';
import { rssKinds } from './rssKinds.ts';
import type { EmulatorInfo } from './emulatorChild.ts';

export type ScaleRequest =
  | { type: 'setUp'; mailboxes: Array<{ upn: string; oid: string; refreshToken: string }>; poolSize: number }
  | { type: 'run' }
  | { type: 'rss' }
  | { type: 'rssAfterQuiet'; ms: number };
export type ScaleRun = {
  status: string;
  summary: string;
  wallMs: number;
  cpuMs: number;
  rss: number;
  /** V8's heap in use after a full collection: what the console holds, apart from what the allocator keeps. */
  heapUsed: number;
  mailboxesPerSecond: number;
  /** Where the RSS is, in MB: process.memoryUsage() at the end, and the largest V8 heap and RSS seen during the run (sampled every 100 ms). */
  memory: {
    spaces: string;
    heapTotalBefore: number;
    rssBefore: number;
    heapTotal: number;
    external: number;
    arrayBuffers: number;
    peakHeapTotal: number;
    peakRss: number;
  };
};

const [dataDir, rendererDir, infoJson] = process.argv.slice(2);
const info = JSON.parse(infoJson) as EmulatorInfo;
const running = await startHeadless({ dataDir, port: 0, rendererDir: resolve(rendererDir) });
const { core } = running;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function call<T>(channel: string, input?: unknown): Promise<T> {
  const answer = await core.registry.invoke(channel, input, { transport: 'internal' });
  if (!answer.ok) throw new Error(`${channel}: ${answer.error.message}`);
  return answer.result as T;
}

const clientInfo = (oid: string) => Buffer.from(JSON.stringify({ uid: oid, utid: info.tenantId })).toString('base64url');

async function setUp(mailboxes: Array<{ upn: string; oid: string; refreshToken: string }>, poolSize: number): Promise<void> {
  const config: IntegrationConfig = {
    ...core.integration.config(),
    enabled: true,
    clientId: info.clientId,
    accountType: 'singleTenant',
    tenant: info.tenantId,
    cloud: 'custom',
    customCloud: { loginHost: info.knownAuthority, graphHost: info.knownAuthority, caCertificatePem: info.caCert },
    features: { calendar: true, contacts: false, imap: false, smtp: false },
  };
  await call('integration.save', { config, secret: { value: info.clientSecret, expiresOn: '2028-11-26' } });
  await call('jobs.setSyncLimits', { mailboxPool: poolSize });
  const role = await call<{ id: number }>('access.createRole', { name: 'Calendar sync' });
  await call('access.setRoleScope', { id: role.id, scope: 'outlookCalendar', enabled: true });
  await call('access.setRoleScope', { id: role.id, scope: 'externalAccounts', enabled: true });
  const users: Array<{ id: number }> = [];
  for (const [i, mailbox] of mailboxes.entries()) {
    users.push(await call('access.createUser', { name: `Bench User ${i}`, email: mailbox.upn, type: 'regular', roleIds: [role.id] }));
  }

  // The first mailbox signs in for real (system browser flow: consent page, loopback redirect,
  // MSAL's code redemption); every other mailbox gets that cache with its own ids and refresh
  // token, and no access token, as if each had signed in the same way.
  const [first] = mailboxes;
  const attempt = await call<{ url: string }>('accounts.connect', { userId: users[0].id });
  // The bench's own browser stand-in, loaded by the console that signs in, not by the one measured.
  const { answerConsent } = await import('../test/emulator/support/consentPage');
  const answer = await answerConsent(attempt.url, info.caCert, { account: 'Bench User 0', decision: 'accept' });
  await fetch(answer.location!.replace('://localhost:', '://127.0.0.1:'), { redirect: 'manual' });
  // The core keeps its database to itself; the bench seeds the account rows through a second connection to the same file.
  const database = new DatabaseSync(join(dataDir, 'workspace.db'));
  database.exec('PRAGMA busy_timeout = 5000');
  const accounts = new AccountRepository(database, () => new Date());
  while (accounts.find(users[0].id)?.status !== 'connected') await sleep(20);
  const signedIn = accounts.find(users[0].id)!;
  const template = JSON.parse((await core.vault.get(tokenCacheEntryName(users[0].id)))!) as Record<
    string,
    Record<string, { secret?: string }>
  >;
  const firstRefreshToken = Object.values(template.RefreshToken)[0].secret!;
  template.AccessToken = {};
  // The ID token stays: MSAL lists no account without one (its claims are the first mailbox's; nothing here reads them).
  const templateText = JSON.stringify(template);
  const at = new Date().toISOString();
  for (const [i, mailbox] of mailboxes.entries()) {
    const cache = templateText
      .replaceAll(firstRefreshToken, mailbox.refreshToken)
      .replaceAll(clientInfo(first.oid), clientInfo(mailbox.oid))
      .replaceAll(first.oid, mailbox.oid)
      .replaceAll(first.upn, mailbox.upn);
    // As the console's own token cache plugin stores it: its tokens are announced when it is read.
    await core.vault.put(tokenCacheEntryName(users[i].id), cache, 'vault', { announce: false });
    accounts.save({
      userId: users[i].id,
      homeAccountId: signedIn.homeAccountId.replace(first.oid, mailbox.oid),
      userPrincipalName: mailbox.upn,
      displayName: `Bench User ${i}`,
      status: 'connected',
      grantedScopes: signedIn.grantedScopes,
      requestedScopes: signedIn.requestedScopes,
      connectedAt: at,
      lastRefreshAt: at,
      problemCode: null,
    });
  }
}

async function runJob(): Promise<ScaleRun> {
  // The run's end is heard as the renderer hears it (jobs.runChanged), not polled: polling the job
  // list (its next run times from the schedule) would add the bench's own work to the console's CPU.
  const ended = new Map<string, RunSummary>();
  let wake: () => void = () => {};
  let midRunSnapshot = Boolean(process.env.BENCH_HEAP_SNAPSHOT);
  const unsubscribe = core.events.subscribe(({ event, payload }) => {
    if (event !== 'jobs.runChanged') return;
    // BENCH_HEAP_SNAPSHOT=<dir>: also what the console holds half-way through a run (where its heap peaks).
    if (midRunSnapshot && payload.status === 'running' && payload.usersTotal > 0 && payload.usersDone >= payload.usersTotal / 2) {
      midRunSnapshot = false;
      writeHeapSnapshot(join(process.env.BENCH_HEAP_SNAPSHOT!, `scale-${process.pid}-${Date.now()}-midrun.heapsnapshot`));
    }
    if (payload.status === 'running') return;
    ended.set(payload.id, payload);
    wake();
  });
  const before = process.memoryUsage();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const peak = { heapTotal: 0, rss: 0 };
  const sample = () => {
    const now = process.memoryUsage();
    peak.heapTotal = Math.max(peak.heapTotal, now.heapTotal);
    peak.rss = Math.max(peak.rss, now.rss);
  };
  const sampler = setInterval(sample, 100);
  try {
    const run = core.jobs.runNow(calendarSyncJobId);
    while (!ended.has(run.id)) await new Promise<void>((resolve) => (wake = resolve));
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const latest = ended.get(run.id)!;
    const failed =
      latest.status === 'success'
        ? undefined
        : (await call<RunDetail>('jobs.runDetail', { runId: run.id })).users.find((user) => user.errors.length > 0);
    sample();
    const end = process.memoryUsage();
    const mb = (bytes: number) => Math.round(bytes / 1048576);
    const memory = {
      // V8's spaces as reserved at the end, in MB: which of them grew (the young generation is sized by the allocation rate).
      spaces: getHeapSpaceStatistics()
        .filter((space) => space.space_size >= 1048576)
        .map((space) => `${space.space_name} ${mb(space.space_size)}`)
        .join(', '),
      heapTotalBefore: mb(before.heapTotal),
      rssBefore: mb(before.rss),
      heapTotal: mb(end.heapTotal),
      external: mb(end.external),
      arrayBuffers: mb(end.arrayBuffers),
      peakHeapTotal: mb(peak.heapTotal),
      peakRss: mb(peak.rss),
    };
    return {
      memory,
      status: latest.status,
      summary: failed ? `${latest.summary} First error: ${failed.errors[0].message}` : latest.summary,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rss: process.memoryUsage().rss,
      heapUsed: heapAfterCollection(),
      mailboxesPerSecond: latest.usersDone / (wallMs / 1000),
    };
  } finally {
    clearInterval(sampler);
    unsubscribe();
  }
}

function heapAfterCollection(): number {
  // Run with --expose-gc (bench/scaleBench.ts) so a run's garbage is not counted as held.
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

/**
 * BENCH_CPU_PROFILE=<dir>: a V8 CPU profile of each phase on its own (set-up, first run,
 * incremental run), so the incremental run's profile is not drowned in the set-up's.
 */
let phase = 0;
const profiled = <T>(label: string, work: () => Promise<T>): Promise<T> => profiledPhase(`scale-${process.pid}-${++phase}-${label}`, work);

process.on('message', (message: ScaleRequest & { id: number }) => {
  const work = async (): Promise<unknown> => {
    if (message.type === 'setUp') return profiled(`setUp-${message.mailboxes.length}`, () => setUp(message.mailboxes, message.poolSize));
    if (message.type === 'run') {
      const run = await profiled('run', runJob);
      // BENCH_HEAP_SNAPSHOT=<dir>: what the console holds after each run (where rss_10k_mb goes).
      if (process.env.BENCH_HEAP_SNAPSHOT)
        writeHeapSnapshot(join(process.env.BENCH_HEAP_SNAPSHOT, `scale-${process.pid}-${Date.now()}.heapsnapshot`));
      return run;
    }
    // After the console has been quiet long enough to give memory back (src/main/jobs/memoryRelease.ts).
    if (message.type === 'rssAfterQuiet') {
      await new Promise((done) => setTimeout(done, message.ms));
      // Node's own list of the built-in modules it has loaded (not in its typings).
      const builtins = (process as unknown as { moduleLoadList: string[] }).moduleLoadList;
      const undici = builtins.some((entry) => entry.includes('undici'));
      return { ...process.memoryUsage(), kinds: `${rssKinds()}; Node's fetch (undici) ${undici ? 'loaded' : 'not loaded'}` };
    }
    return process.memoryUsage().rss;
  };
  work().then(
    (value) => process.send?.({ id: message.id, ok: true, value }),
    (error: Error) => process.send?.({ id: message.id, ok: false, message: error.stack ?? error.message }),
  );
});
process.send?.({ type: 'ready' });
process.on('SIGTERM', () => void running.stop().then(() => process.exit(0)));
