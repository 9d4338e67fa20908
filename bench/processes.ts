// Child processes for the core figures: the built headless console, the bench's own core child,
// and a bare Node process for comparison.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConsoleAddress } from '../src/main/app/consoleAddressFile';
import type { ChildRequest } from './coreChild.ts';

export type RunningConsole = { url: string; origin: string; token: string; child: ChildProcess; stop(): Promise<void> };

function awaitConsoleUrl(child: ChildProcess, dataDir: string): Promise<RunningConsole> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The console did not print its URL:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^Console: (\S+)/m.exec(output);
      if (!match) return;
      clearTimeout(timer);
      // With its output on a pipe (as here) the console prints its URL without the token, which
      // is a credential: the address file in its data folder has the full URL.
      const consoleUrl = match[1].includes('token=') ? match[1] : readConsoleAddress(dataDir)!.url;
      const url = new URL(consoleUrl);
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      resolve({
        url: consoleUrl,
        origin: url.origin,
        token: /token=([^&]+)/.exec(url.hash)![1],
        child,
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
          rmSync(dataDir, { recursive: true, force: true });
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`The console exited with ${code}:\n${output}`)));
  });
}

/** `npm run headless` as users run it: the built out/main/headless.js on a fresh data folder. */
export function startBuiltConsole(): Promise<RunningConsole> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-console-'));
  const child = spawn(process.execPath, ['out/main/headless.js', '--data-dir', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return awaitConsoleUrl(child, dataDir);
}

export type CoreChild = RunningConsole & { ask<T>(request: ChildRequest): Promise<T> };

/** The same core, driven to write log entries (out/bench/coreChild.mjs). */
export async function startCoreChild(): Promise<CoreChild> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-core-'));
  const child = fork(new URL('./coreChild.mjs', import.meta.url).pathname, [dataDir, 'out/renderer'], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const running = await awaitConsoleUrl(child, dataDir);
  const ask = <T>(request: ChildRequest) =>
    new Promise<T>((resolve, reject) => {
      child.once('message', (message: { type: string; message?: string }) =>
        message.type === 'error' ? reject(new Error(message.message)) : resolve(message as T),
      );
      child.send(request);
    });
  return { ...running, ask };
}

/** RSS of a Node process that loads nothing, after `idleMs`. */
export function bareNodeRss(idleMs: number): Promise<number> {
  const child = spawn(process.execPath, ['-e', `setTimeout(() => console.log(process.memoryUsage().rss), ${idleMs})`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`bare node exited with ${code}`)))),
  );
}

/** The smallest HTTP server Node can start, as a floor for the console's time to answer. */
export async function bareServerStartMs(): Promise<{ answeredMs: number; origin: string; stop(): void }> {
  const script = `require('node:http').createServer((q, s) => s.end(q.url === '/' ? '<!doctype html><title>x</title><p>Hello</p>' : '{}')).listen(0, '127.0.0.1', function () { console.log('Port ' + this.address().port); });`;
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Port (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
  });
  const origin = `http://127.0.0.1:${port}`;
  await fetch(`${origin}/api`).then((r) => r.text());
  return { answeredMs: performance.now() - started, origin, stop: () => void child.kill('SIGTERM') };
}
