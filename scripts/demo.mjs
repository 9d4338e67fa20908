// `npm run demo -- [--data-dir DIR] [--port N]`: the headless console, the Microsoft 365 emulator
// with a seeded demo tenant, and the integration already pointed at it, so the whole product can
// be seen working without an Azure tenant. The console labels itself as a demo on every page.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBuild } from './ensureBuild.mjs';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, port: { type: 'string' } } });
ensureBuild();
// The emulator is TypeScript run directly by Node 24's type stripping; the console is the built core.
const { startEmulator } = await import('../test/emulator/server.ts');
const { seedDemoTenant } = await import('../test/emulator/demoTenant.ts');
const { startHeadless } = await import('../out/main/headless.js');

const emulator = await startEmulator({ port: 0 });
const demo = seedDemoTenant(emulator);
// A fresh folder by default, so a demo never touches the administrator's real settings.
const dataDir = resolve(values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'outlook-console-demo-')));
const console_ = await startHeadless({
  dataDir,
  port: values.port === undefined ? 0 : Number(values.port),
  rendererDir: new URL('../out/renderer', import.meta.url).pathname,
  label: `This console is connected to a local Microsoft 365 emulator with the made-up tenant ${demo.tenant.displayName}, not to Microsoft. Nothing here reaches a real mailbox.`,
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
    customCloud: { loginHost: emulator.knownAuthority, graphHost: emulator.knownAuthority, caCertificatePem: readFileSync(emulator.caFile, 'utf8') },
    redirectPort: null,
    features: { calendar: true, contacts: true, imap: false, smtp: false },
  },
  secret: { value: demo.clientSecret, expiresOn: twoYears },
});
if (core.access.overview().roles.length === 0) {
  const role = core.access.createRole('Outlook users');
  for (const scope of ['externalAccounts', 'outlookCalendar', 'outlookContacts']) core.access.setRoleScope(role.id, scope, true);
  core.access.createUser({ name: demo.admin.displayName, email: demo.admin.userPrincipalName, type: 'administrator', roleIds: [] });
  for (const user of demo.users) core.access.createUser({ name: user.displayName, email: user.userPrincipalName, type: 'regular', roleIds: [role.id] });
}

console.log(`Demo tenant:  ${demo.tenant.displayName} (${[demo.admin, ...demo.users].map((user) => user.userPrincipalName).join(', ')})`);
console.log(`Emulator:     ${emulator.origin}`);
console.log(`Data:         ${dataDir}`);
console.log(`Console: ${console_.bridge.consoleUrl}`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void Promise.all([console_.stop(), emulator.stop()]).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
