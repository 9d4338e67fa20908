// `npm run emulator`: the emulator with the demo tenant, until Ctrl+C. Runs directly on Node 24
// (type stripping), which is why every file here uses erasable TypeScript and `.ts` imports.
import { seedDemoTenant } from './demoTenant.ts';
import { startEmulator } from './server.ts';

const port = Number(process.env.EMULATOR_PORT ?? 0);
const emulator = await startEmulator({ port });
const demo = seedDemoTenant(emulator);
const lines = [
  'Microsoft 365 emulator (not a Microsoft service)',
  `Authority:        ${emulator.authority(demo.tenant.id)}`,
  `Known authority:  ${emulator.knownAuthority}`,
  `Graph base URL:   ${emulator.graphBaseUrl}`,
  `CA certificate:   ${emulator.caFile}`,
  `Tenant:           ${demo.tenant.displayName} (${demo.tenant.id})`,
  `Client ID:        ${demo.app.clientId}`,
  `Client secret:    ${demo.clientSecret}`,
  `Redirect URI:     ${demo.app.redirectUris[0]}`,
  `Users:            ${[demo.admin, ...demo.users].map((u) => u.userPrincipalName).join(', ')}`,
];
console.log(lines.join('\n'));

const shutdown = () => {
  void emulator.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
