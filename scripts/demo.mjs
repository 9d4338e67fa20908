// `npm run demo -- [--data-dir DIR] [--port N]`: the headless console, the Microsoft 365 emulator
// with a seeded demo tenant, and the integration already pointed at it, so the whole product can
// be seen working without an Azure tenant. The console labels itself as a demo on every page.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:tls';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBuild } from './ensureBuild.mjs';
import { makeDemoHistory } from './demoHistory.mjs';
import { startDemoTools } from './demoTools.mjs';

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, 'no-history': { type: 'boolean' } },
});
ensureBuild();
// The emulator is TypeScript run directly by Node 24's type stripping; the console is the built core.
const { startEmulator } = await import('../test/emulator/server.ts');
const { seedDemoTenant } = await import('../test/emulator/demoTenant.ts');
const { startHeadless } = await import('../out/main/headless.js');

const emulator = await startEmulator({ port: 0 });
const demo = seedDemoTenant(emulator);
// A fresh folder by default, so a demo never touches the administrator's real settings; it holds
// a key and tokens (of a made-up tenant, still), so it goes when the demo does.
const temporaryDataDir = values['data-dir'] === undefined;
const dataDir = resolve(values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'outlook-console-demo-')));
const removeTemporaryData = () => {
  if (temporaryDataDir) rmSync(dataDir, { recursive: true, force: true });
};
// Also when the demo dies of an error: 'exit' runs on every way out but a kill -9.
process.on('exit', removeTemporaryData);
const console_ = await startHeadless({
  dataDir,
  port: values.port === undefined ? 0 : Number(values.port),
  rendererDir: new URL('../out/renderer', import.meta.url).pathname,
  label: `This console is connected to a local Microsoft 365 emulator with the made-up tenant ${demo.tenant.displayName}, not to Microsoft. Nothing here reaches a real mailbox.`,
}).catch(async (error) => {
  // Another console on --data-dir, a busy --port: said plainly, as npm run headless says it.
  console.error(`The demo could not start: ${error.message}`);
  await emulator.stop();
  process.exit(error.name === 'DataFolderInUseError' ? 3 : 1);
});
const { core } = console_;

const twoYears = new Date(Date.now() + 730 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
await core.integration.save({
  config: {
    enabled: true,
    clientId: demo.app.clientId,
    accountType: 'singleTenant',
    tenant: demo.tenant.id,
    cloud: 'custom',
    customCloud: {
      loginHost: emulator.knownAuthority,
      graphHost: emulator.knownAuthority,
      caCertificatePem: readFileSync(emulator.caFile, 'utf8'),
    },
    redirectPort: null,
    features: { calendar: true, contacts: true, imap: false, smtp: false },
  },
  secret: { value: demo.clientSecret, expiresOn: twoYears },
});
// Through the contract, as the console's own pages do: the core keeps its services to itself.
const callCore = async (channel, input) => {
  const answer = await core.registry.invoke(channel, input, { transport: 'internal' });
  if (!answer.ok) throw new Error(`${channel}: ${answer.error.message}`);
  return answer.result;
};
if ((await callCore('access.overview')).roles.length === 0) {
  const role = await callCore('access.createRole', { name: 'Outlook users' });
  for (const scope of ['externalAccounts', 'outlookCalendar', 'outlookContacts'])
    await callCore('access.setRoleScope', { id: role.id, scope, enabled: true });
  await callCore('access.createUser', {
    name: demo.admin.displayName,
    email: demo.admin.userPrincipalName,
    type: 'administrator',
    roleIds: [],
  });
  for (const user of demo.users)
    await callCore('access.createUser', { name: user.displayName, email: user.userPrincipalName, type: 'regular', roleIds: [role.id] });
}

const spki = await serverKeyHash(emulator.port, readFileSync(emulator.caFile, 'utf8'));
console.log(`Demo tenant:  ${demo.tenant.displayName} (${[demo.admin, ...demo.users].map((user) => user.userPrincipalName).join(', ')})`);
console.log(`Emulator:     ${emulator.origin}`);
console.log(`Emulator CA:  ${emulator.caFile}`);
console.log(`Data:         ${dataDir}${temporaryDataDir ? ' (temporary: removed when the demo stops)' : ''}`);
console.log(`
The sign-in pages come from the emulator at ${emulator.origin}, over HTTPS with a certificate
from a CA made for this run (the file above, removed when the demo stops). Your browser does not
know that CA, so it warns that the connection is not private. Any of these gets past it:
  - a throwaway Chromium profile that trusts only this run's emulator certificate:
      chromium --user-data-dir="$(mktemp -d)" --ignore-certificate-errors-spki-list=${spki} '${console_.bridge.consoleUrl}'
  - import the CA file into a browser profile kept for the demo (Firefox: Settings > Privacy &
    Security > Certificates > View Certificates > Authorities > Import);
  - or accept the warning for ${emulator.knownAuthority} only: it is this machine's emulator.
`);
const tools = await startDemoTools({ emulator, demo });
console.log(`Demo tools:   ${tools.url}  (act as another Outlook client; the emulator's request log)`);
console.log(`Console: ${console_.bridge.consoleUrl}`);

// After the URL is printed, so the console opens at once; the overview's charts fill as the runs end.
if (!values['no-history']) {
  console.log('Making run history: connecting the demo users’ accounts and running the calendar sync 6 times…');
  makeDemoHistory({ consoleUrl: console_.bridge.consoleUrl, emulator, demo, caPem: readFileSync(emulator.caFile, 'utf8') }).then(
    () => console.log('Run history made: the Overview page charts it.'),
    (error) => !stopping && console.error(`The demo's run history could not be made: ${error.message}`),
  );
}

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void Promise.all([console_.stop(), emulator.stop(), tools.stop()]).then(() => {
    removeTemporaryData();
    process.exit(0);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

/** Chromium's --ignore-certificate-errors-spki-list takes the SHA-256 of the server key (base64). */
function serverKeyHash(port, ca) {
  return new Promise((resolvePromise, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ca }, () => {
      const key = socket.getPeerX509Certificate().publicKey.export({ type: 'spki', format: 'der' });
      socket.end();
      resolvePromise(createHash('sha256').update(key).digest('base64'));
    });
    socket.once('error', reject);
  });
}
