import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type HeadlessConsole = {
  url: string;
  origin: string;
  port: number;
  token: string;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  /** Stops the console; `inspect` sees the data folder after the process has exited, before a folder this helper made is removed. */
  stop(inspect?: (dataDir: string) => void): Promise<number | null>;
};

export type StartOptions = {
  /** An existing data folder (kept at stop); by default a fresh one, removed at stop. */
  dataDir?: string;
  /** By default a free one. */
  port?: number;
  extraArgs?: string[];
  /** False: start without --data-dir (the demo then makes its own temporary folder). */
  passDataDir?: boolean;
  /** Extra environment (e.g. TZ: the console machine's zone). */
  env?: Record<string, string>;
};

/**
 * Starts the built headless console on a fresh data folder and a free port, as a user would;
 * `scripts/demo.mjs` as the entry starts it with the emulator, as `npm run demo` does. Its stdout
 * is a pipe, so it prints the URL without the token (as under systemd): the token is read from
 * the console's address file, as `--print-url` does.
 */
export async function startHeadlessConsole(entry = 'out/main/headless.js', options: StartOptions = {}): Promise<HeadlessConsole> {
  const madeDataDir = options.dataDir === undefined && options.passDataDir !== false;
  const givenDataDir = options.dataDir ?? (madeDataDir ? mkdtempSync(join(tmpdir(), 'oic-e2e-')) : undefined);
  const args = [
    entry,
    ...(givenDataDir ? ['--data-dir', givenDataDir] : []),
    '--port',
    String(options.port ?? 0),
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const printed = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`headless mode did not print its URL:\n${output}`)), 20_000);
    child.stdout!.on('data', () => {
      const match = /^Console: (\S+)/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`headless mode exited with ${code}:\n${output}`)));
  });
  const dataDir = givenDataDir ?? /^Data: +(.+)$/m.exec(output)![1].trim();
  const url = printed.includes('#token=') ? printed : readAddressFile(dataDir).url;
  const parsed = new URL(url);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    token: /token=([^&]+)/.exec(parsed.hash)![1],
    dataDir,
    process: child,
    output: () => output,
    async stop(inspect) {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      try {
        inspect?.(dataDir);
      } finally {
        if (madeDataDir) rmSync(dataDir, { recursive: true, force: true });
      }
      return code;
    },
  };
}

function readAddressFile(dataDir: string): { url: string } {
  return JSON.parse(readFileSync(join(dataDir, 'headless-console.json'), 'utf8')) as { url: string };
}
