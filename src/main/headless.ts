// Headless mode: the same core, served to a browser on 127.0.0.1 (npm run headless).
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultDataDir } from './app/dataDir';
import { DownloadStore } from './bridge/downloadStore';
import { operatorName } from './app/operatorName';
import { startHttpBridge, type RunningHttpBridge } from './bridge/httpBridge';
import { createCore, type Core, type CorePorts } from './core';
import { openConfSettingsFile } from './settings/confSettingsFile';
import { createKeyFileEncryptor } from './vault/keyFileEncryptor';

const defaultPort = 4780;
const usage = `Usage: npm run headless -- [--data-dir DIR] [--port N]
  --data-dir DIR  where settings, the workspace database and logs live (default: ${defaultDataDir()})
  --port N        port on 127.0.0.1 to serve the console on (default: ${defaultPort}; 0 picks a free one)`;

export type HeadlessOptions = {
  dataDir: string;
  port: number;
  rendererDir: string;
  label?: string;
  /** Ports replaced for measurement (`npm run bench` connects Graph access to the emulator). */
  ports?: Partial<CorePorts>;
};

export function parseHeadlessArgs(argv: string[]): HeadlessOptions | { help: true } | { error: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    return { error: (error as Error).message };
  }
  if (values.help) return { help: true };
  const port = values.port === undefined ? defaultPort : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    return { error: `--port must be a whole number from 0 to 65535 (got "${values.port}").` };
  }
  const here = dirname(fileURLToPath(import.meta.url));
  return {
    dataDir: resolve(values['data-dir'] ?? defaultDataDir()),
    port,
    rendererDir: join(here, '../renderer'),
  };
}

export async function startHeadless(options: HeadlessOptions): Promise<{ core: Core; bridge: RunningHttpBridge; stop(): Promise<void> }> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const downloads = new DownloadStore();
  const core = createCore({
    mode: 'headless',
    label: options.label,
    dataDir: options.dataDir,
    appVersion: readAppVersion(),
    versions: { node: process.versions.node, electron: null, chrome: null },
    clock: { now: () => new Date() },
    operator: operatorName(),
    encryptor: createKeyFileEncryptor(join(options.dataDir, 'secrets.key')),
    // Headless runs where no browser may open: sign-in flows show their URL to copy instead.
    openBrowser: async () => {},
    canOpenBrowser: false,
    // No desktop to show it on: the notification goes to the output, where the operator looks.
    notifyDesktop: (title, body) => console.log(`NOTIFICATION: ${title} — ${body}`),
    fetch: globalThis.fetch,
    openSettingsFile: openConfSettingsFile,
    deliverFile: async (fileName, bytes, type) => downloads.offer(fileName, bytes, type),
    ...options.ports,
  });
  let bridge: RunningHttpBridge;
  try {
    bridge = await startHttpBridge({ registry: core.registry, events: core.events, rendererDir: options.rendererDir, port: options.port, downloads });
  } catch (error) {
    await core.shutdown();
    throw error;
  }
  return {
    core,
    bridge,
    async stop() {
      await bridge.close();
      await core.shutdown();
    },
  };
}

function readAppVersion(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  try {
    return (JSON.parse(readFileSync(join(here, '../../package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

async function main(): Promise<void> {
  const parsed = parseHeadlessArgs(process.argv.slice(2));
  if ('help' in parsed) {
    console.log(usage);
    return;
  }
  if ('error' in parsed) {
    console.error(`${parsed.error}\n${usage}`);
    process.exitCode = 2;
    return;
  }
  let running: Awaited<ReturnType<typeof startHeadless>>;
  try {
    running = await startHeadless(parsed);
  } catch (error) {
    console.error(`The console could not start: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  for (const notice of running.core.notices) console.error(`${notice.level.toUpperCase()}: ${notice.message}`);
  console.log(`Data: ${parsed.dataDir}`);
  console.log(`Console: ${running.bridge.consoleUrl}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, shutting down…`);
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main();
}
