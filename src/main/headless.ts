// Headless mode: the same core, served to a browser on 127.0.0.1 (npm run headless).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { routePath, type LogEntry } from '../shared/contract';
import { consoleToken, readConsoleAddress, writeConsoleAddress } from './app/consoleAddressFile';
import { defaultDataDir } from './app/dataDir';
import { acquireDataFolderLock, DataFolderInUseError, liveLockHolder } from './app/dataFolderLock';
import { DownloadStore } from './bridge/downloadStore';
import { operatorName } from './app/operatorName';
import { startHttpBridge, type RunningHttpBridge } from './bridge/httpBridge';
import { createCore, type Core, type CorePorts } from './core';
import { openJsonSettingsFile } from './settings/jsonSettingsFile';
import { createKeyFileEncryptor } from './vault/keyFileEncryptor';

const defaultPort = 4780;
// The job scheduler waits up to 10 s for a running sync to reach a safe point; past this, something
// hangs, and exiting beats being killed by the service manager (its TimeoutStopSec is 30 s).
const shutdownBackstopMs = 25_000;
/** Exit status of a start refused because another console holds the data folder (the unit does not restart on it). */
export const folderInUseExitCode = 3;

const usage = `Usage: npm run headless -- [--data-dir DIR] [--port N] [--new-token] [--print-url]
  --data-dir DIR  where settings, the workspace database and logs live (default: ${defaultDataDir()})
  --port N        port on 127.0.0.1 to serve the console on (default: ${defaultPort}; 0 picks a free one)
  --new-token     make a new access token: open tabs and saved console URLs stop working
  --print-url     print the URL (with its token) of the console running on the data folder, then exit`;

export type HeadlessOptions = {
  dataDir: string;
  port: number;
  rendererDir: string;
  label?: string;
  /** Replace the kept access token with a new one. */
  newToken?: boolean;
  /** Also write every log entry to stdout (when a service manager, not a terminal, reads it). */
  logToStdout?: boolean;
  /** Ports replaced for measurement (`npm run bench` connects Graph access to the emulator). */
  ports?: Partial<CorePorts>;
};

export type HeadlessCommand = (HeadlessOptions & { printUrl: boolean }) | { help: true } | { error: string };

export function parseHeadlessArgs(argv: string[]): HeadlessCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        'new-token': { type: 'boolean' },
        'print-url': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
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
    newToken: values['new-token'] ?? false,
    printUrl: values['print-url'] ?? false,
  };
}

export type RunningHeadless = { core: Core; bridge: RunningHttpBridge; stop(): Promise<void> };

/** Throws `DataFolderInUseError` when another console (desktop or headless) holds the folder. */
export async function startHeadless(options: HeadlessOptions): Promise<RunningHeadless> {
  const lock = acquireDataFolderLock(options.dataDir, { mode: 'headless' });
  let core: Core | undefined;
  try {
    const downloads = new DownloadStore();
    // Known once the bridge listens; a notification before then names the address without the port.
    let consoleOrigin = 'http://127.0.0.1';
    core = createCore({
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
      // No desktop to show it on: the notification goes to the output, where the operator looks,
      // with the console's address of its place (the token stays out of the output).
      notifyDesktop: (title, body, route) =>
        console.log(`NOTIFICATION: ${title} — ${body}${route ? ` (${consoleOrigin}/#${routePath(route)})` : ''}`),
      fetch: globalThis.fetch,
      openSettingsFile: openJsonSettingsFile,
      deliverFile: async (fileName, bytes, type) => downloads.offer(fileName, bytes, type),
      mirrorLog: options.logToStdout ? (entry) => process.stdout.write(`${formatLogLine(entry)}\n`) : undefined,
      ...options.ports,
    });
    // The vault check, each feature, then the job scheduler (core.ts); resolves once the vault is checked.
    const coreStarted = core.start();
    const token = consoleToken(options.dataDir, options.newToken ?? false);
    core.logs.redactor.registerSecret(token);
    const started = core;
    const bridge = await startHttpBridge({
      registry: core.registry,
      events: core.events,
      rendererDir: options.rendererDir,
      port: options.port,
      token,
      downloads,
      currentState: () => started.currentStateEvents(),
    });
    consoleOrigin = `http://127.0.0.1:${bridge.port}`;
    writeConsoleAddress(options.dataDir, {
      url: bridge.consoleUrl,
      port: bridge.port,
      token,
      pid: process.pid,
      startedAt: new Date().toISOString(),
    });
    // The secrets-unreadable state is known before the console says it is ready.
    await coreStarted;
    return {
      core,
      bridge,
      async stop() {
        try {
          await bridge.close();
          await started.shutdown();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    await core?.shutdown();
    lock.release();
    throw error;
  }
}

/** `--print-url`: the running console's URL on stdout (for scripts), anything else on stderr; the exit status says which. */
export function printRunningConsoleUrl(dataDir: string): number {
  const holder = liveLockHolder(dataDir);
  if (!holder) {
    console.error(
      `No console is running on ${dataDir}. Start it with npm run headless${dataDir === resolve(defaultDataDir()) ? '' : ` -- --data-dir "${dataDir}"`}.`,
    );
    return 1;
  }
  if (holder.mode === 'desktop') {
    console.error(`The desktop app (PID ${holder.pid}) is using ${dataDir}; it has no console URL.`);
    return 1;
  }
  let address;
  try {
    address = readConsoleAddress(dataDir);
  } catch (error) {
    console.error(
      `The console's address file cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): run this as the account that runs the console (the owner of ${dataDir}).`,
    );
    return 1;
  }
  if (!address || address.pid !== holder.pid) {
    console.error(`The console (PID ${holder.pid}) is still starting; try again in a moment.`);
    return 1;
  }
  console.log(address.url);
  return 0;
}

/** One line per entry for journald and log collectors: they add their own timestamps, but a plain file has none. */
function formatLogLine(entry: LogEntry): string {
  const fields = Object.keys(entry.fields).length > 0 ? ` ${JSON.stringify(entry.fields)}` : '';
  return `${entry.time} ${entry.level.toUpperCase()} [${entry.source}${entry.runId ? ` ${entry.runId}` : ''}] ${entry.message}${fields}`;
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
  // Everything this process creates (database, logs, settings, key) is for this account only.
  process.umask(0o077);
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
  if (parsed.printUrl) {
    process.exitCode = printRunningConsoleUrl(parsed.dataDir);
    return;
  }
  // A terminal shows the log on the Logs page; journald and friends get it on stdout.
  const underServiceManager = !process.stdout.isTTY;
  let running: RunningHeadless;
  try {
    running = await startHeadless({ ...parsed, logToStdout: underServiceManager });
  } catch (error) {
    if (error instanceof DataFolderInUseError) {
      console.error(error.message);
      process.exitCode = folderInUseExitCode;
      return;
    }
    console.error(`The console could not start: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  // Before the address is printed: whoever reads it may stop the console at once, and a SIGTERM
  // that arrived before the handler would end the process without shutting down.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, shutting down…`);
    setTimeout(() => {
      console.error(`Shutdown did not finish within ${shutdownBackstopMs / 1000} s; exiting anyway.`);
      process.exit(1);
    }, shutdownBackstopMs).unref();
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
  // Under a service manager the log on stdout already carries these.
  if (!underServiceManager) {
    for (const notice of running.core.notices) console.error(`${notice.level.toUpperCase()}: ${notice.message}`);
    const vault = running.core.vault.state();
    if (vault.state === 'unreadable') console.error(`ERROR: ${running.core.vaultRecovery.describe(vault)}`);
  }
  console.log(`Data: ${parsed.dataDir}`);
  // The token is a credential: a terminal may show it, a journal kept for months should not.
  if (underServiceManager) {
    const printUrl = `npm run headless -- --print-url${parsed.dataDir === resolve(defaultDataDir()) ? '' : ` --data-dir "${parsed.dataDir}"`}`;
    console.log(`Console: http://127.0.0.1:${running.bridge.port}/ (the URL with its access token: ${printUrl})`);
  } else {
    console.log(`Console: ${running.bridge.consoleUrl}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main();
}
