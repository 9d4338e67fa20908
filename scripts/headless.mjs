// `npm run headless -- [--data-dir DIR] [--port N]`: build if needed, then run the core without Electron.
import { spawn } from 'node:child_process';
import { ensureBuild } from './ensureBuild.mjs';

ensureBuild();
const child = spawn(process.execPath, [new URL('../out/main/headless.js', import.meta.url).pathname, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
// The console shuts down cleanly on its own signals; forward them rather than dying first.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
