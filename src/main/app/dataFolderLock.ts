// One console per data folder, desktop and headless alike. Only `node:` imports and erasable
// TypeScript: the lock tests run this file in real child processes straight on Node 24.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const lockFileName = 'console.lock';

export type ConsoleMode = 'desktop' | 'headless';

/** What the lock file says about the process holding it. */
export type LockHolder = {
  pid: number;
  mode: ConsoleMode;
  startedAt: string;
  hostName: string;
  /** Linux: the process's start time in clock ticks since boot, which tells a reused PID apart. */
  processStart: string | null;
  /** Lets the holder remove only its own lock, never one a later process took over. */
  nonce: string;
};

export type DataFolderLock = { path: string; holder: LockHolder; release(): void };

export class DataFolderInUseError extends Error {
  readonly holder: LockHolder;
  readonly dataDir: string;

  constructor(dataDir: string, holder: LockHolder) {
    super(describeLockedFolder(dataDir, holder));
    this.name = 'DataFolderInUseError';
    this.holder = holder;
    this.dataDir = dataDir;
  }
}

export type LockOptions = {
  mode: ConsoleMode;
  /** Seams for tests; the defaults ask the OS. */
  pid?: number;
  isAlive?: (pid: number) => boolean;
  processStartOf?: (pid: number) => string | null;
};

// A process that crashed between creating the lock file and writing it leaves it empty; one
// that is writing it right now is done within milliseconds. Past this age an empty file is stale.
const halfWrittenGraceMs = 2000;
// The takeover guard is held for a few file operations; older than this, its holder died.
const takeoverGuardStaleMs = 10_000;

/**
 * Takes the data folder's lock: an exclusive create (O_EXCL) of `console.lock` holding the PID,
 * mode and start time. A lock whose process is gone, or whose PID now belongs to another
 * process (a different start time), is stale and taken over; every takeover happens under a
 * second exclusive file, so two starting processes cannot both take over the same stale lock.
 */
export function acquireDataFolderLock(dataDir: string, options: LockOptions): DataFolderLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, lockFileName);
  const isAlive = options.isAlive ?? processIsAlive;
  const processStartOf = options.processStartOf ?? linuxProcessStart;
  const pid = options.pid ?? process.pid;
  const holder: LockHolder = {
    pid,
    mode: options.mode,
    startedAt: new Date().toISOString(),
    hostName: hostname(),
    processStart: processStartOf(pid),
    nonce: randomBytes(12).toString('hex'),
  };
  for (let attempt = 0; attempt < 50; attempt++) {
    if (tryCreate(path, holder)) return heldLock(path, holder);
    const current = readHolder(path);
    if (current === 'missing') continue;
    if (current === 'unreadable') {
      if (ageMs(path) < halfWrittenGraceMs) {
        sleep(50);
        continue;
      }
    } else if (!isStale(current, isAlive, processStartOf)) {
      throw new DataFolderInUseError(dataDir, current);
    }
    takeOver(path, current, inodeOf(path));
  }
  throw new Error(`The lock ${path} kept changing while this console started; start it again.`);
}

/** Who holds the folder's lock, if a live process does (for --print-url and messages). */
export function liveLockHolder(dataDir: string): LockHolder | null {
  const current = readHolder(join(dataDir, lockFileName));
  if (current === 'missing' || current === 'unreadable') return null;
  return isStale(current, processIsAlive, linuxProcessStart) ? null : current;
}

export function describeLockedFolder(dataDir: string, holder: LockHolder): string {
  const who = `${holder.mode === 'desktop' ? 'the desktop app' : 'headless mode'}, PID ${holder.pid}${holder.hostName === hostname() ? '' : ` on ${holder.hostName}`}, started ${holder.startedAt}`;
  return `Another Outlook Integration Console (${who}) is already using the data folder ${dataDir}. Two consoles on one folder would run the sync twice and overwrite each other's settings. ${howToStop(holder)} Or start this one with another --data-dir.`;
}

function howToStop(holder: LockHolder): string {
  if (holder.mode === 'desktop') return `Quit the desktop app first (its tray icon › Quit), or end process ${holder.pid}.`;
  const kill = process.platform === 'win32' ? `taskkill /PID ${holder.pid}` : `kill ${holder.pid}`;
  return `Stop it first: Ctrl-C in its terminal, \`${kill}\` (a clean stop), or \`systemctl --user stop outlook-console\` when it runs as that service.`;
}

// A process.exit() without a clean stop still frees its folders; a crash leaves a stale lock.
// One 'exit' listener for every lock this process holds (tests hold many).
const heldLocks = new Set<() => void>();
let releaseAtExit = false;

function heldLock(path: string, holder: LockHolder): DataFolderLock {
  const release = () => {
    if (!heldLocks.delete(release)) return;
    const current = readHolder(path);
    // Someone took the lock over (we were judged dead): theirs now, not ours to remove.
    if (typeof current === 'object' && current.nonce === holder.nonce) unlinkQuietly(path);
  };
  heldLocks.add(release);
  if (!releaseAtExit) {
    releaseAtExit = true;
    process.on('exit', () => {
      for (const each of [...heldLocks]) each();
    });
  }
  return { path, holder, release };
}

function tryCreate(path: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(holder));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Removes the stale lock under the takeover guard, re-checking it there: it may have been replaced. */
function takeOver(path: string, seen: LockHolder | 'unreadable', seenInode: number | null): void {
  const guard = `${path}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another process is taking over right now; a guard left by one that died is cleared.
    if (ageMs(guard) > takeoverGuardStaleMs) unlinkQuietly(guard);
    else sleep(50);
    return;
  }
  try {
    const current = readHolder(path);
    // The same file as judged stale: an empty one must be the old one, not a new process's half-written lock.
    const unchanged =
      seen === 'unreadable'
        ? current === 'unreadable' && inodeOf(path) === seenInode
        : typeof current === 'object' && current.nonce === seen.nonce;
    if (unchanged) {
      // Renamed aside rather than deleted, so whoever investigates a crash still finds it.
      renameSync(path, `${path}.stale`);
    }
  } finally {
    closeSync(fd);
    unlinkQuietly(guard);
  }
}

function isStale(holder: LockHolder, isAlive: (pid: number) => boolean, processStartOf: (pid: number) => string | null): boolean {
  // A lock taken on another machine (a shared folder) cannot be checked from here: respect it.
  if (holder.hostName !== hostname()) return false;
  if (!isAlive(holder.pid)) return true;
  // The PID is alive, but it may have been handed to another process since the lock was taken.
  const start = processStartOf(holder.pid);
  return holder.processStart !== null && start !== null && start !== holder.processStart;
}

function readHolder(path: string): LockHolder | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (!Number.isInteger(value.pid) || (value.mode !== 'desktop' && value.mode !== 'headless') || typeof value.nonce !== 'string')
      return 'unreadable';
    return {
      pid: value.pid as number,
      mode: value.mode,
      startedAt: String(value.startedAt),
      hostName: String(value.hostName),
      processStart: typeof value.processStart === 'string' ? value.processStart : null,
      nonce: value.nonce,
    };
  } catch {
    return 'unreadable';
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another account; still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Field 22 of /proc/PID/stat: start time in clock ticks after boot. Null where there is no /proc. */
function linuxProcessStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count from its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function inodeOf(path: string): number | null {
  try {
    return statSync(path).ino;
  } catch {
    return null;
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
