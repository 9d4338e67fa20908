import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
  /** Stops the console; `inspect` sees the data folder after the process has exited, before it is removed. */
  stop(inspect?: (dataDir: string) => void): Promise<number | null>;
};

/**
 * Starts the built headless console on a fresh data folder and a free port, as a user would;
 * `scripts/demo.mjs` as the entry starts it with the emulator, as `npm run demo` does.
 */
export async function startHeadlessConsole(entry = 'out/main/headless.js'): Promise<HeadlessConsole> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oic-e2e-'));
  const child = spawn(process.execPath, [entry, '--data-dir', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`headless mode did not print its URL:\n${output}`)), 20_000);
    child.stdout!.on('data', () => {
      const match = /^Console: (\S+)$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`headless mode exited with ${code}:\n${output}`)));
  });
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
        rmSync(dataDir, { recursive: true, force: true });
      }
      return code;
    },
  };
}
