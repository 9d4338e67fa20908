// The emulator in a process of its own, so the console's CPU and memory figures are the console's
// alone. The bench drives it over IPC (bench/syncWorkspace.ts, bench/scaleBench.ts): seed mailboxes, mint each
// mailbox's refresh token (what a sign-in would have left in the console's vault: the sign-in
// itself is not what is measured), set the latency, read the request log and its own CPU time.
import { seedDemoTenant } from '../test/emulator/demoTenant.ts';
import { startEmulator } from '../test/emulator/server.ts';

export type EmulatorRequest =
  | { type: 'seed'; prefix: string; count: number; eventsPerMailbox: number }
  | { type: 'refreshTokens'; upns: string[] }
  | { type: 'latency'; ms: number }
  | { type: 'takeRequests' }
  | { type: 'cpu' };

export type EmulatorInfo = {
  origin: string;
  knownAuthority: string;
  caCert: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
};

/** A Graph request as the log has it: enough to count requests and see concurrency. */
export type RemoteRequest = { method: string; path: string; status: number; userId?: string; at: number; durationMs: number };

const emulator = await startEmulator();
const demo = seedDemoTenant(emulator);
// The administrator consented for the organisation (the guide's admin consent): no mailbox asks again.
emulator.directory.grantAdminConsent(demo.tenant.id, demo.app.clientId, ['User.Read', 'Calendars.ReadWrite', 'Contacts.ReadWrite']);
const day = 24 * 3600_000;

function seed(prefix: string, count: number, eventsPerMailbox: number): string[] {
  const upns: string[] = [];
  const iso = (date: Date) => date.toISOString().slice(0, 19);
  for (let i = 0; i < count; i++) {
    const upn = `${prefix}${i}@contoso.onmicrosoft.com`;
    emulator.directory.addUser(demo.tenant, { userPrincipalName: upn, displayName: `Bench User ${i}` });
    for (let e = 0; e < eventsPerMailbox; e++) {
      const start = new Date(Math.floor(Date.now() / day) * day + (1 + (e % 300)) * day + (e % 8) * 3600_000);
      emulator.outlook.createEvent(upn, {
        subject: `Meeting ${e}`,
        start: { dateTime: iso(start), timeZone: 'UTC' },
        end: { dateTime: iso(new Date(start.getTime() + 1800_000)), timeZone: 'UTC' },
      });
    }
    upns.push(upn);
  }
  return upns;
}

function refreshTokens(upns: string[]): Array<{ upn: string; oid: string; refreshToken: string }> {
  return upns.map((upn) => {
    const user = emulator.directory.findUser(upn);
    if (!user) throw new Error(`No mailbox ${upn} in the emulator.`);
    return { upn, oid: user.id, refreshToken: emulator.tokens.issueRefreshToken(emulator.tokens.grantFor(user, demo.app.clientId)) };
  });
}

const info: EmulatorInfo = {
  origin: emulator.origin,
  knownAuthority: emulator.knownAuthority,
  caCert: emulator.caCert,
  tenantId: demo.tenant.id,
  clientId: demo.app.clientId,
  clientSecret: demo.clientSecret,
};
process.send?.({ type: 'ready', info });

process.on('message', (message: EmulatorRequest & { id: number }) => {
  const answer = (): unknown => {
    if (message.type === 'seed') return seed(message.prefix, message.count, message.eventsPerMailbox);
    if (message.type === 'refreshTokens') return refreshTokens(message.upns);
    if (message.type === 'latency') return void (emulator.latencyMs = message.ms);
    if (message.type === 'cpu') return process.cpuUsage();
    const requests: RemoteRequest[] = emulator.requestLog.graph().map((entry) => ({
      method: entry.method,
      path: entry.path,
      status: entry.status,
      userId: entry.userId,
      at: Date.parse(entry.at),
      durationMs: entry.durationMs,
    }));
    emulator.requestLog.clear();
    return requests;
  };
  try {
    process.send?.({ id: message.id, ok: true, value: answer() });
  } catch (error) {
    process.send?.({ id: message.id, ok: false, message: (error as Error).stack ?? String(error) });
  }
});
process.on('SIGTERM', () => void emulator.stop().then(() => process.exit(0)));
