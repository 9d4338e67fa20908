// Runs bench/bareSyncClient.mjs, the bare Node client the console is measured against, in a
// process of its own against the emulator's process.
import { spawn } from 'node:child_process';
import type { EmulatorInfo } from './emulatorChild.ts';

export type BareClientRun = {
  /** The incremental pass: one request and one write per mailbox. */
  cpuMs: number;
  wallMs: number;
  mailboxes: number;
  /** The first sync before it: each calendar's pages one after another, read and parsed. */
  firstSync: { cpuMs: number; wallMs: number };
};

export function runBareClient(info: EmulatorInfo, refreshTokens: string[], concurrency: number): Promise<BareClientRun> {
  const day = 24 * 3600_000;
  const now = Date.now();
  const input = {
    ...info,
    refreshTokens,
    concurrency,
    windowStart: new Date(Math.floor((now - 30 * day) / day) * day).toISOString(),
    windowEnd: new Date(Math.floor((now + 365 * day) / day) * day).toISOString(),
  };
  const child = spawn(process.execPath, [new URL('../../bench/bareSyncClient.mjs', import.meta.url).pathname], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.end(JSON.stringify(input));
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as BareClientRun) : reject(new Error(`the bare client exited with ${code}`)),
    ),
  );
}
