// Real crashes for the exactly-once tests: the BUILT headless console (out/, as `npm run headless`
// runs it) as a child process on a data folder, driven through its HTTP API, killed with SIGKILL
// when the emulator reaches a chosen request, and started again on the same folder.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach } from 'vitest';
import { readConsoleAddress } from '../../src/main/app/consoleAddressFile';
import type { IntegrationConfig } from '../../src/shared/contract';
import type { DemoTenant } from '../emulator/demoTenant';
import type { ReachedRequest, SignalRule } from '../emulator/requestSignals';
import type { Emulator } from '../emulator/server';
import { answerConsent } from '../emulator/support/consentPage';
import { emulatorIntegrationConfig } from './emulatorIntegration';

const root = new URL('../..', import.meta.url).pathname;

/**
 * Builds the console once for every test file that needs it (the build is skipped when out/ is
 * newer than the sources): files run in parallel, so a lock folder keeps two builds apart.
 */
export function ensureConsoleBuilt(): void {
  const lock = join(tmpdir(), `oic-build-lock-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`);
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed test run goes stale after two minutes.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Waited 5 minutes for another test's build (${lock}).`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    const build = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "import { ensureBuild } from './scripts/ensureBuild.mjs'; ensureBuild();"],
      { cwd: root, encoding: 'utf8' },
    );
    if (build.status !== 0) throw new Error(`The console could not be built:\n${build.stdout}\n${build.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export type ConsoleApi = <T = unknown>(channel: string, input?: unknown) => Promise<T>;

export type RunningConsole = {
  dataDir: string;
  api: ConsoleApi;
  output: () => string;
  /** SIGKILL: no shutdown, no flush, as a power cut or the OOM killer would. */
  kill(): Promise<void>;
  /** SIGTERM: the console's own clean shutdown. */
  stop(): Promise<void>;
  readonly exited: boolean;
};

/** Starts `out/main/headless.js` on `dataDir` and a free port; resolves once it printed its URL. */
export async function launchConsole(dataDir: string): Promise<RunningConsole> {
  const child: ChildProcess = spawn(process.execPath, [join(root, 'out/main/headless.js'), '--data-dir', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The console did not print its URL within 60 s:\n${output}`)), 60_000);
    const look = () => {
      const match = /^Console: (\S+)/m.exec(output);
      if (!match) return;
      clearTimeout(timer);
      // Its stdout is a pipe, so the printed URL has no token: the console's address file has it.
      resolve(new URL(match[1].includes('#token=') ? match[1] : readConsoleAddress(dataDir)!.url));
    };
    child.stdout!.on('data', look);
    void exit.then(() => reject(new Error(`The console exited before it started:\n${output}`)));
  });
  const token = /token=([^&]+)/.exec(url.hash)![1];
  const api: ConsoleApi = async (channel, input) => {
    const response = await fetch(`${url.origin}/api/${channel}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: input === undefined ? '' : JSON.stringify(input),
    });
    const answer = (await response.json()) as { ok: boolean; result: never; error?: { code: string; message: string } };
    if (!answer.ok) throw Object.assign(new Error(`${channel}: ${answer.error?.message}`), { code: answer.error?.code });
    return answer.result;
  };
  return {
    dataDir,
    api,
    output: () => output,
    get exited() {
      return exited;
    },
    async kill() {
      if (!exited) child.kill('SIGKILL');
      await exit;
    },
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
  };
}

export type KillPoint = Omit<SignalRule, 'onReached'>;

/**
 * Kills `target()` with SIGKILL when the emulator reaches the request, and waits for it to be
 * gone before the emulator goes on: a request `received` is then dropped before Outlook does
 * anything, one `handled` is carried out but its answer never leaves, one `answered` reached the
 * console, which died before it could record it.
 */
export function killAt(emulator: Emulator, point: KillPoint, target: () => RunningConsole): Promise<ReachedRequest> {
  return emulator.signals.at({
    ...point,
    onReached: async () => {
      await target().kill();
      return point.phase === 'answered' ? undefined : 'drop';
    },
  });
}

/** Resolves when the kill point is reached; rejects when the work finishes first, or after `ms`. */
export async function untilKilled(killed: Promise<ReachedRequest>, finished: Promise<unknown>, ms = 60_000): Promise<ReachedRequest> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Watching a console that gets killed fails: that failure is expected and not a finish.
  const settled = finished.then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([
      killed,
      settled.then((done) =>
        done
          ? Promise.reject(new Error('The work finished before the console reached its kill point: the point is never reached.'))
          : new Promise<never>(() => {}),
      ),
      new Promise<never>(
        (_, reject) => (timer = setTimeout(() => reject(new Error(`The kill point was not reached within ${ms / 1000} s.`)), ms)),
      ),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** `PRAGMA integrity_check` on the workspace as the killed process left it (read-only: no checkpoint). */
export function integrityOf(dataDir: string): string {
  const db = new DatabaseSync(join(dataDir, 'workspace.db'), { readOnly: true });
  try {
    return (db.prepare('PRAGMA integrity_check').all() as Array<{ integrity_check: string }>).map((row) => row.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/** Runs `query` on the workspace of a stopped console. */
export function readWorkspace<T>(dataDir: string, query: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(join(dataDir, 'workspace.db'), { readOnly: true });
  try {
    return query(db);
  } finally {
    db.close();
  }
}

/**
 * The consoles of one test file: each test starts from a copy of a prepared data folder (so each
 * kill point starts from the same console), the one running is stopped after each test, and every
 * folder is removed at the end. `restart` first checks the killed console's database.
 */
export function useCrashableConsoles(emulator: () => Emulator | undefined) {
  let current: RunningConsole | undefined;
  const dataDirs: string[] = [];
  afterEach(async () => {
    emulator()?.signals.clear();
    await current?.stop();
    current = undefined;
  });
  afterAll(() => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });
  return {
    /** Removed with the others at the end (a prepared folder). */
    keep(dir: string): string {
      dataDirs.push(dir);
      return dir;
    },
    async launchCopyOf(prepared: string): Promise<RunningConsole> {
      const dir = mkdtempSync(join(tmpdir(), 'oic-crash-'));
      dataDirs.push(dir);
      cpSync(prepared, dir, { recursive: true });
      current = await launchConsole(dir);
      return current;
    },
    async restart(killed: RunningConsole): Promise<RunningConsole> {
      const integrity = integrityOf(killed.dataDir);
      if (integrity !== 'ok') throw new Error(`The killed console left a damaged database: ${integrity}`);
      current = await launchConsole(killed.dataDir);
      return current;
    },
  };
}

export type ConsoleUser = { name: string; upn: string };

/**
 * A data folder set up as an administrator would: the integration pointing at the emulator, the
 * users in a role with the given scopes, each one's Outlook account connected (sign-in through the
 * emulator's consent page, answer to the console's loopback listener), the scheduled job paused so
 * that only the test starts runs. Returns the folder (the console is stopped) and the user ids.
 */
export async function prepareConsole(
  emulator: Emulator,
  demo: DemoTenant,
  users: readonly ConsoleUser[],
  scopes: readonly string[],
  then: (api: ConsoleApi, userIds: number[]) => Promise<void> = async () => {},
): Promise<{ dataDir: string; userIds: number[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oic-crash-template-'));
  const app = await launchConsole(dataDir);
  try {
    const config: IntegrationConfig = emulatorIntegrationConfig(emulator, demo);
    await app.api('integration.save', { config, secret: { value: demo.clientSecret, expiresOn: '2028-11-26' } });
    const role = await app.api<{ id: number }>('access.createRole', { name: 'Outlook users' });
    for (const scope of ['externalAccounts', ...scopes]) await app.api('access.setRoleScope', { id: role.id, scope, enabled: true });
    const userIds: number[] = [];
    for (const user of users) {
      const created = await app.api<{ id: number }>('access.createUser', {
        name: user.name,
        email: user.upn,
        type: 'regular',
        roleIds: [role.id],
      });
      userIds.push(created.id);
      const attempt = await app.api<{ url: string }>('accounts.connect', { userId: created.id });
      const answer = await answerConsent(attempt.url, emulator.caCert, { account: user.name, decision: 'accept' });
      await fetch(answer.location!.replace('://localhost:', '://127.0.0.1:'), { redirect: 'manual' });
      await waitUntil(async () => {
        const view = await app.api<{ rows: Array<{ user: { id: number }; account: { status: string } | null }> }>('accounts.list');
        return view.rows.find((row) => row.user.id === created.id)?.account?.status === 'connected';
      }, `${user.name}'s account to connect`);
    }
    const { jobs } = await app.api<{ jobs: Array<{ id: string; onDemand: boolean }> }>('jobs.list');
    for (const job of jobs) if (!job.onDemand) await app.api('jobs.update', { jobId: job.id, active: false });
    // Users in turn, so "between two users" is a moment the kill can hit: the pool's own shutdown
    // with every slot busy is tested in test/main/sync/calendarSyncPool.test.ts.
    await app.api('jobs.setSyncLimits', { mailboxPool: 1 });
    await then(app.api, userIds);
    return { dataDir, userIds };
  } finally {
    await app.stop();
  }
}

/** Polls `done` every 50 ms until it holds. */
export async function waitUntil(done: () => Promise<boolean> | boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what} after ${ms / 1000} s.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
