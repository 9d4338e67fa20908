// The bound of console_cpu_ms_per_mailbox: a bare Node client doing what an incremental sync of
// one mailbox cannot do without — one HTTPS request (the stored delta link, bearer token, over a
// keep-alive connection trusting the emulator's CA) and one SQLite write (the new delta link) —
// with the same number of mailboxes in flight. Its tokens are fetched first (not measured); its
// first sync (every page read and parsed, nothing written) is measured apart, as the floor any
// client reaches against the same emulator; then the incremental pass. Plain JavaScript so
// nothing but Node runs here.
// Usage: node bareSyncClient.mjs < input.json (JSON on stdin: 10,000 refresh tokens do not fit in an argument)
//   input: { origin, caCert, tenantId, clientId, clientSecret, refreshTokens, concurrency, windowStart, windowEnd }
import { Agent, request } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createSecureContext, rootCertificates } from 'node:tls';

let stdin = '';
for await (const chunk of process.stdin) stdin += chunk;
const input = JSON.parse(stdin);
// One secure context, as the console's agent (src/main/auth/httpsWithCa.ts): an agent given a
// `ca` list rebuilds a long pool name from it on every request, a cost the console does not pay.
const agent = new Agent({ keepAlive: true, secureContext: createSecureContext({ ca: [...rootCertificates, input.caCert] }) });

function send(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(text) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function inPool(items, work) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(input.concurrency, items.length) }, lane));
}

const dir = mkdtempSync(join(tmpdir(), 'bench-bare-'));
const db = new DatabaseSync(join(dir, 'bare.db'));
// As the console's workspace database is opened (src/main/store/workspaceDatabase.ts).
db.exec('PRAGMA journal_mode = WAL');
db.exec('PRAGMA synchronous = NORMAL');
db.exec('CREATE TABLE delta (mailbox INTEGER PRIMARY KEY, link TEXT NOT NULL, synced_at TEXT NOT NULL)');
const save = db.prepare(
  'INSERT INTO delta (mailbox, link, synced_at) VALUES (?, ?, ?) ON CONFLICT(mailbox) DO UPDATE SET link = excluded.link, synced_at = excluded.synced_at',
);

// Not measured: a token per mailbox.
const tokens = [];
await inPool(input.refreshTokens, async (refreshToken, index) => {
  const token = await send(`${input.origin}/${input.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: input.clientId,
      client_secret: input.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      scope: 'offline_access Calendars.ReadWrite',
    }).toString(),
  });
  if (token.status !== 200) throw new Error(`token: ${JSON.stringify(token.json)}`);
  tokens[index] = token.json.access_token;
});

// Measured on its own (the floor of run_wall_ratio): each calendar's first sync, its pages one
// after another, read and parsed; nothing written. Its connections are opened in the pass, as the
// console's are in its first sync (the TLS sessions the agent keeps may be resumed, as there).
for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
const mailboxes = [];
const firstCpuBefore = process.cpuUsage();
const firstStarted = performance.now();
await inPool(tokens, async (accessToken, index) => {
  const headers = { Authorization: `Bearer ${accessToken}`, Prefer: 'outlook.timezone="UTC", odata.maxpagesize=50' };
  let url = `${input.origin}/v1.0/me/calendarView/delta?startDateTime=${input.windowStart}&endDateTime=${input.windowEnd}`;
  for (;;) {
    const page = await send(url, { headers });
    if (page.status !== 200) throw new Error(`delta: ${JSON.stringify(page.json)}`);
    if (page.json['@odata.deltaLink']) {
      mailboxes[index] = { headers, link: page.json['@odata.deltaLink'] };
      break;
    }
    url = page.json['@odata.nextLink'];
  }
});
const firstCpu = process.cpuUsage(firstCpuBefore);
const firstSync = { wallMs: performance.now() - firstStarted, cpuMs: (firstCpu.user + firstCpu.system) / 1000 };

// Measured: one request and one write per mailbox, as an incremental run with nothing new.
const cpuBefore = process.cpuUsage();
const started = performance.now();
await inPool(mailboxes, async (mailbox, index) => {
  const page = await send(mailbox.link, { headers: mailbox.headers });
  if (page.status !== 200) throw new Error(`delta link: ${JSON.stringify(page.json)}`);
  save.run(index, page.json['@odata.deltaLink'], new Date().toISOString());
});
const cpu = process.cpuUsage(cpuBefore);
const wallMs = performance.now() - started;
db.close();
rmSync(dir, { recursive: true, force: true });
agent.destroy();
console.log(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, wallMs, mailboxes: mailboxes.length, firstSync }));
