// A console workspace (SQLite + access control + the real CalendarSyncEngine) facing the emulator
// with N seeded mailboxes, each signed in the way the tests sign in (auth code + PKCE).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { AccessService } from '../src/main/access/accessService';
import { MailboxGates } from '../src/main/graph/mailboxGate';
import { defaultRetryPolicy } from '../src/main/graph/retryPolicy';
import { createCalendarSyncJob } from '../src/main/sync/calendarSyncJob';
import type { Logger } from '../src/main/logs/logService';
import { CalendarSyncEngine } from '../src/main/sync/calendarSyncEngine';
import { openWorkspaceDatabase } from '../src/main/store/workspaceDatabase';
import { seedDemoTenant } from '../test/emulator/demoTenant.ts';
import { startEmulator, type Emulator } from '../test/emulator/server.ts';
import { emulatorAccounts } from '../test/support/emulatorGraphAccess';

const silent: Logger = { debug: () => {}, info: () => {}, notice: () => {}, warning: () => {}, error: () => {}, child: () => silent };

export type SyncWorkspace = Awaited<ReturnType<typeof createSyncWorkspace>>;

export async function createSyncWorkspace(options: { mailboxes: number; eventsPerMailbox: number; pageSize: number; poolSize: number }) {
  const emulator: Emulator = await startEmulator();
  const demo = seedDemoTenant(emulator);
  const dir = mkdtempSync(join(tmpdir(), 'bench-sync-'));
  const db: DatabaseSync = openWorkspaceDatabase({ path: join(dir, 'workspace.db'), now: () => new Date(), notify: () => {} });
  const access = new AccessService({ db, operator: 'bench', now: () => new Date(), onChange: () => {} });
  const role = access.createRole('Calendar sync');
  access.setRoleScope(role.id, 'outlookCalendar', true);
  const accounts = emulatorAccounts(emulator, demo);
  const users: Array<{ id: number; name: string; upn: string }> = [];
  const day = 24 * 3600_000;
  for (let i = 0; i < options.mailboxes; i++) {
    const upn = `bench.user${i}@contoso.onmicrosoft.com`;
    const name = `Bench User ${i}`;
    emulator.directory.addUser(demo.tenant, { userPrincipalName: upn, displayName: name });
    for (let e = 0; e < options.eventsPerMailbox; e++) {
      // Single events spread over the next months: inside the sync window, no series to expand.
      const start = new Date(Math.floor(Date.now() / day) * day + (1 + (e % 300)) * day + (e % 8) * 3600_000);
      const iso = (d: Date) => d.toISOString().slice(0, 19);
      emulator.outlook.createEvent(upn, {
        subject: `Meeting ${e}`,
        start: { dateTime: iso(start), timeZone: 'UTC' },
        end: { dateTime: iso(new Date(start.getTime() + 1800_000)), timeZone: 'UTC' },
      });
    }
    const user = access.createUser({ name, email: upn, type: 'regular', roleIds: [role.id] });
    await accounts.connect(user.id, upn);
    users.push({ id: user.id, name, upn });
  }
  const engine = new CalendarSyncEngine({
    db,
    now: () => new Date(),
    graphAccess: accounts.provider,
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
      userFinished: (result) => failures.push(...result.errors.map((e) => `${result.userName}: ${e.message}`)),
    });
    return { wallMs: performance.now() - started, failures };
  };

  /** Graph requests the emulator answered since the last call (a $batch counts once). */
  const takeRequests = () => {
    const graph = emulator.requestLog.graph();
    emulator.requestLog.clear();
    return graph;
  };

  return {
    emulator,
    engine,
    users,
    runJob,
    takeRequests,
    async close() {
      await emulator.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
