import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataFolderLock, DataFolderInUseError, liveLockHolder, lockFileName } from '../../../src/main/app/dataFolderLock';
import { useTempDirs } from '../../support/tempDir';

const holderScript = join(import.meta.dirname, '../../support/dataFolderLockHolder.ts');

type Started = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function startHolder(dataDir: string, mode = 'headless'): Started {
  const child = spawn(process.execPath, [holderScript, dataDir, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function untilHeld(started: Started): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!/^held \d+/m.test(started.output())) {
    if (started.child.exitCode !== null) throw new Error(`the holder exited: ${started.output()}`);
    if (Date.now() > deadline) throw new Error(`no lock after 10 s: ${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('one console per data folder', () => {
  const tempDir = useTempDirs();
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const holder = (dataDir: string, mode?: string) => {
    const started = startHolder(dataDir, mode);
    children.push(started.child);
    return started;
  };

  it('refuses a second process with the first one’s PID and how to stop it', async () => {
    const dataDir = tempDir();
    const first = holder(dataDir);
    await untilHeld(first);
    const second = holder(dataDir);
    expect(await second.exited).toBe(3);
    expect(second.output()).toContain(`PID ${first.child.pid}`);
    expect(second.output()).toContain(`kill ${first.child.pid}`);
    expect(second.output()).toContain('--data-dir');
    // The first still holds it.
    expect(liveLockHolder(dataDir)?.pid).toBe(first.child.pid);
  });

  it('names the desktop app and how to quit it when that holds the folder', async () => {
    const dataDir = tempDir();
    const desktop = holder(dataDir, 'desktop');
    await untilHeld(desktop);
    const headless = holder(dataDir);
    expect(await headless.exited).toBe(3);
    expect(headless.output()).toMatch(new RegExp(`desktop app, PID ${desktop.child.pid}.*tray icon › Quit`));
  });

  it('frees the folder on a clean stop', async () => {
    const dataDir = tempDir();
    const first = holder(dataDir);
    await untilHeld(first);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(join(dataDir, lockFileName))).toBe(false);
    const second = holder(dataDir);
    await untilHeld(second);
  });

  it('takes over the lock of a process that crashed', async () => {
    const dataDir = tempDir();
    const crashed = holder(dataDir);
    await untilHeld(crashed);
    crashed.child.kill('SIGKILL');
    await crashed.exited;
    expect(JSON.parse(readFileSync(join(dataDir, lockFileName), 'utf8')).pid).toBe(crashed.child.pid);
    const next = holder(dataDir);
    await untilHeld(next);
    expect(liveLockHolder(dataDir)?.pid).toBe(next.child.pid);
  });

  it('lets exactly one of several processes starting together take over a stale lock', async () => {
    const dataDir = tempDir();
    const crashed = holder(dataDir);
    await untilHeld(crashed);
    crashed.child.kill('SIGKILL');
    await crashed.exited;
    const racers = [0, 1, 2, 3].map(() => holder(dataDir));
    const settled = () => racers.every((racer) => racer.child.exitCode !== null || /^held /m.test(racer.output()));
    for (const deadline = Date.now() + 15_000; !settled() && Date.now() < deadline;)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const held = racers.filter((racer) => /^held /m.test(racer.output()));
    expect(held).toHaveLength(1);
    const refused = await Promise.all(racers.filter((racer) => !held.includes(racer)).map((racer) => racer.exited));
    expect(refused).toEqual([3, 3, 3]);
  });

  it('treats a live PID that started at another time as reused: the lock is stale', () => {
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, lockFileName),
      JSON.stringify({
        pid: process.pid,
        mode: 'headless',
        startedAt: '2020-01-01T00:00:00.000Z',
        hostName: hostname(),
        processStart: 'long-ago',
        nonce: 'old',
      }),
    );
    const lock = acquireDataFolderLock(dataDir, {
      mode: 'headless',
      pid: 4242,
      isAlive: () => true,
      processStartOf: (pid) => (pid === 4242 ? 'now' : 'not-long-ago'),
    });
    expect(lock.holder.pid).toBe(4242);
    lock.release();
  });

  it('respects a live holder, and a lock taken on another machine', () => {
    const dataDir = tempDir();
    const lock = acquireDataFolderLock(dataDir, { mode: 'headless' });
    expect(() => acquireDataFolderLock(dataDir, { mode: 'desktop' })).toThrow(DataFolderInUseError);
    lock.release();
    writeFileSync(
      join(dataDir, lockFileName),
      JSON.stringify({ pid: 999_999, mode: 'headless', startedAt: 'x', hostName: 'elsewhere', processStart: null, nonce: 'n' }),
    );
    expect(() => acquireDataFolderLock(dataDir, { mode: 'headless' })).toThrow(/PID 999999 on elsewhere/);
  });

  it('takes over a lock file left empty by a crash, but not one being written right now', () => {
    const dataDir = tempDir();
    const path = join(dataDir, lockFileName);
    writeFileSync(path, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    const lock = acquireDataFolderLock(dataDir, { mode: 'headless' });
    expect(JSON.parse(readFileSync(path, 'utf8')).nonce).toBe(lock.holder.nonce);
    lock.release();
  });

  it('removes only its own lock on release', () => {
    const dataDir = tempDir();
    const lock = acquireDataFolderLock(dataDir, { mode: 'headless' });
    const path = join(dataDir, lockFileName);
    writeFileSync(path, JSON.stringify({ ...lock.holder, nonce: 'someone-else' }));
    lock.release();
    expect(existsSync(path)).toBe(true);
  });
});
