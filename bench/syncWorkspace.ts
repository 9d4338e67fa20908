// A console workspace (SQLite + access control + the real CalendarSyncEngine) facing the emulator
// with N seeded mailboxes, each signed in the way the tests sign in (auth code + PKCE).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { AccessService } from '../src/main/access/accessService';
import { fetchTrusting } from '../src/main/auth/httpsWithCa';
import type { GraphAccess, GraphAccessProvider } from '../src/main/graph/graphAccess';
import { MailboxGates } from '../src/main/graph/mailboxGate';
import { defaultRetryPolicy } from '../src/main/graph/retryPolicy';
import { createCalendarSyncJob } from '../src/main/sync/calendarSyncJob';
import type { Logger } from '../src/main/logs/logService';
import { CalendarSyncEngine } from '../src/main/sync/calendarSyncEngine';
import { openWorkspaceDatabase } from '../src/main/store/workspaceDatabase';
import { seedDemoTenant } from '../test/emulator/demoTenant.ts';
import { startEmulator, type Emulator } from '../test/emulator/server.ts';
import { emulatorAccounts } from '../test/support/emulatorGraphAccess';
import type { EmulatorInfo, EmulatorRequest, RemoteRequest } from './emulatorChild.ts';
import { forkIpcChild } from './ipcChild.ts';
import { runBareClient, type BareClientRun } from './bareClient.ts';
import { seedMailboxes } from './scaleBench.ts';

const silent: Logger = { debug: () => {}, info: () => {}, notice: () => {}, warning: () => {}, error: () => {}, child: () => silent };

export type SyncWorkspace = Awaited<ReturnType<typeof createSyncWorkspace>>;
export type SyncWorkspaceOptions = { mailboxes: number; eventsPerMailbox: number; pageSize: number; poolSize: number };

/** Where the emulated mailboxes live: in this process, or in one of their own (bench/emulatorChild.ts). */
type EmulatorSide = {
  /** Seeds `count` mailboxes with `events` each and signs each in: its upn and Graph access. */
  addMailboxes(count: number, events: number): Promise<Array<{ upn: string; connect: (userId: number) => Promise<GraphAccess> }>>;
  provider: GraphAccessProvider;
  setLatency(ms: number): Promise<void>;
  /** Graph requests answered since the last call (a $batch counts once). */
  takeRequests(): Promise<RemoteRequest[]>;
  /** CPU time (user + system) the emulator has used, when it has a process of its own. */
  emulatorCpuMs?(): Promise<number>;
  /** The bare Node client (bench/bareSyncClient.mjs) over the same mailboxes, when the emulator has a process of its own. */
  bareClient?(concurrency: number): Promise<BareClientRun>;
  stop(): Promise<void>;
};

const day = 24 * 3600_000;

async function localEmulator(): Promise<EmulatorSide & { emulator: Emulator }> {
  const emulator: Emulator = await startEmulator();
  const demo = seedDemoTenant(emulator);
  const accounts = emulatorAccounts(emulator, demo);
  return {
    emulator,
    async addMailboxes(count, events) {
      return Array.from({ length: count }, (_, i) => {
        const upn = `bench.user${i}@contoso.onmicrosoft.com`;
        emulator.directory.addUser(demo.tenant, { userPrincipalName: upn, displayName: `Bench User ${i}` });
        for (let e = 0; e < events; e++) {
          // Single events spread over the next months: inside the sync window, no series to expand.
          const start = new Date(Math.floor(Date.now() / day) * day + (1 + (e % 300)) * day + (e % 8) * 3600_000);
          const iso = (d: Date) => d.toISOString().slice(0, 19);
          emulator.outlook.createEvent(upn, {
            subject: `Meeting ${e}`,
            start: { dateTime: iso(start), timeZone: 'UTC' },
            end: { dateTime: iso(new Date(start.getTime() + 1800_000)), timeZone: 'UTC' },
          });
        }
        return { upn, connect: (userId: number) => accounts.connect(userId, upn) };
      });
    },
    provider: accounts.provider,
    setLatency: async (ms) => void (emulator.latencyMs = ms),
    async takeRequests() {
      const graph = emulator.requestLog.graph().map((entry) => ({ ...entry, at: Date.parse(entry.at) }));
      emulator.requestLog.clear();
      return graph;
    },
    stop: () => emulator.stop(),
  };
}

/**
 * The emulator in its own process, so a wall-time figure pays only for the console's CPU. Each
 * mailbox's refresh token is minted there and redeemed here once (not timed); Graph is reached
 * with the console's own keep-alive fetch trusting the emulator's CA.
 */
async function remoteEmulator(): Promise<EmulatorSide> {
  const child = await forkIpcChild<EmulatorRequest>('./emulatorChild.mjs', []);
  const info = child.ready.info as EmulatorInfo;
  const fetch = fetchTrusting(info.caCert);
  const accesses = new Map<number, GraphAccess>();
  const upns: string[] = [];
  return {
    async addMailboxes(count, events) {
      const minted = await seedMailboxes(child, 'wall.user', count, events);
      upns.push(...minted.map((mailbox) => mailbox.upn));
      return minted.map(({ upn, refreshToken }) => ({
        upn,
        async connect(userId: number) {
          const answer = await fetch(`${info.origin}/${info.tenantId}/oauth2/v2.0/token`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              client_id: info.clientId,
              client_secret: info.clientSecret,
              grant_type: 'refresh_token',
              refresh_token: refreshToken,
              scope: 'offline_access User.Read Calendars.ReadWrite',
            }).toString(),
          });
          const token = (await answer.json()) as { access_token?: string; error_description?: string };
          if (!token.access_token) throw new Error(`No token for ${upn}: ${token.error_description}`);
          const access: GraphAccess = {
            account: { userPrincipalName: upn, displayName: upn },
            baseUrl: `${info.origin}/v1.0`,
            fetch,
            accessToken: async () => token.access_token!,
          };
          accesses.set(userId, access);
          return access;
        },
      }));
    },
    provider: async (userId) => accesses.get(userId),
    setLatency: (ms) => child.ask({ type: 'latency', ms }),
    takeRequests: () => child.ask<RemoteRequest[]>({ type: 'takeRequests' }),
    emulatorCpuMs: async () => {
      const cpu = await child.ask<NodeJS.CpuUsage>({ type: 'cpu' });
      return (cpu.user + cpu.system) / 1000;
    },
    async bareClient(concurrency) {
      // Refresh tokens of its own: the console's are its own to use.
      const minted = await child.ask<Array<{ refreshToken: string }>>({ type: 'refreshTokens', upns });
      return runBareClient(
        info,
        minted.map((m) => m.refreshToken),
        concurrency,
      );
    },
    stop: () => child.stop(),
  };
}

/** A workspace with the emulator in this process (`emulator` set), for the request counts. */
export async function createSyncWorkspace(options: SyncWorkspaceOptions) {
  const side = await localEmulator();
  return { ...(await workspaceOver(side, options)), emulator: side.emulator };
}

/** A workspace whose emulator runs in its own process: for the wall-time and throughput figures. */
export function createRemoteSyncWorkspace(options: SyncWorkspaceOptions) {
  return remoteEmulator().then((side) => workspaceOver(side, options));
}

async function workspaceOver(side: EmulatorSide, options: SyncWorkspaceOptions) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sync-'));
  const db: DatabaseSync = openWorkspaceDatabase({ path: join(dir, 'workspace.db'), now: () => new Date(), notify: () => {} });
  const access = new AccessService({ db, operator: 'bench', now: () => new Date(), onChange: () => {} });
  const role = access.createRole('Calendar sync');
  access.setRoleScope(role.id, 'outlookCalendar', true);
  const users: Array<{ id: number; name: string; upn: string }> = [];
  const mailboxes = await side.addMailboxes(options.mailboxes, options.eventsPerMailbox);
  for (const [i, mailbox] of mailboxes.entries()) {
    const name = `Bench User ${i}`;
    const user = access.createUser({ name, email: mailbox.upn, type: 'regular', roleIds: [role.id] });
    await mailbox.connect(user.id);
    users.push({ id: user.id, name, upn: mailbox.upn });
  }
  const engine = new CalendarSyncEngine({
    db,
    now: () => new Date(),
    graphAccess: side.provider,
    access,
    gates: new MailboxGates({ appLimit: () => options.poolSize }),
    policy: defaultRetryPolicy,
    pageSize: options.pageSize,
  });

  /** One run of the Outlook Calendar Sync job as the scheduler runs it: its tasks in the pool. */
  const job = createCalendarSyncJob(engine.source(), { poolSize: () => options.poolSize });
  const runJob = async (): Promise<{ wallMs: number; failures: string[] }> => {
    const failures: string[] = [];
    const started = performance.now();
    await job.run({
      runId: 'bench',
      trigger: 'manual',
      log: silent,
      signal: new AbortController().signal,
      setTotal: () => {},
      userFinished: async (result) => void failures.push(...result.errors.map((e) => `${result.userName}: ${e.message}`)),
    });
    return { wallMs: performance.now() - started, failures };
  };

  return {
    engine,
    users,
    runJob,
    setLatency: side.setLatency,
    takeRequests: side.takeRequests,
    emulatorCpuMs: side.emulatorCpuMs,
    bareClient: side.bareClient,
    async close() {
      await side.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
