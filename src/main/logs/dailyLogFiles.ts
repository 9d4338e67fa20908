import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';

const fileNamePattern = /^console-(\d{4}-\d{2}-\d{2})\.log$/;

/** How often (by the console's clock) the open file is checked for having been deleted under it. */
const presenceCheckMs = 1000;

type DayFile = {
  day: string;
  path: string;
  /** pino's asynchronous file writer (sonic-boom): it flushes what it holds synchronously on exit. */
  stream: ReturnType<typeof pino.destination>;
  /** Bytes handed to the writer, and bytes it has handed to the OS: equal when nothing is pending. */
  queued: number;
  written: number;
  waiters: (() => void)[];
};

/**
 * One JSON-lines file a day under `<data dir>/logs`, named by the local date. Lines are written
 * asynchronously by pino's own file destination (sonic-boom) rather than appended synchronously on
 * the main thread, so logging never waits for the disk. Not pino-roll: that runs as a worker-thread
 * transport, which does not load from inside a packaged Electron app.
 *
 * What survives what: `close()` (the console's shutdown) writes everything; a crash or
 * `process.exit` writes what is queued synchronously on the way out (pino's exit hook); a SIGKILL
 * or power cut loses only what had not yet been handed to the OS, a few milliseconds' worth.
 */
export class DailyLogFiles {
  private current: DayFile | undefined;
  private lastPresenceCheck = 0;

  constructor(
    readonly directory: string,
    private readonly now: () => Date,
    /** Told once per file that could not be opened or written (the caller decides where to say so). */
    private readonly onWriteFailure: (error: Error) => void = () => {},
  ) {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
  }

  /**
   * Queues a line for the file of `at`'s day. Never throws: a log that cannot be written must not
   * break the work being logged. A file or folder deleted while the console runs is made again
   * (only the logs folder, not the data folder around it) within a second of the console's clock.
   */
  append(line: string, at: Date = this.now()): void {
    const text = line.endsWith('\n') ? line : `${line}\n`;
    try {
      const file = this.fileFor(at);
      if (!file) return;
      file.queued += Buffer.byteLength(text);
      file.stream.write(text);
    } catch (error) {
      this.onWriteFailure(error as Error);
    }
  }

  /** Resolves once every line appended so far has been handed to the OS (or failed to be). */
  flushed(): Promise<void> {
    const file = this.current;
    if (!file || file.written >= file.queued) return Promise.resolve();
    return new Promise((resolve) => file.waiters.push(resolve));
  }

  /** Writes what is pending and closes the day's file; a later `append` opens it again. */
  async close(): Promise<void> {
    const file = this.current;
    if (!file) return;
    this.current = undefined;
    await new Promise<void>((resolve) => {
      file.stream.once('close', () => resolve());
      file.stream.once('error', () => resolve());
      file.stream.end();
    });
    release(file);
  }

  pathFor(day: Date): string {
    return join(this.directory, `console-${localDate(day)}.log`);
  }

  /** The days that have a file, oldest first. */
  days(): string[] {
    return readdirSync(this.directory)
      .map((name) => fileNamePattern.exec(name)?.[1])
      .filter((day): day is string => day !== undefined)
      .sort();
  }

  /** The day's file as it is on disk: call `flushed()` first to include lines still being written. */
  read(day: string): string {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`Not a day: ${day}`);
    try {
      return readFileSync(join(this.directory, `console-${day}.log`), 'utf8');
    } catch {
      return '';
    }
  }

  /** Keeps today and the days before it up to `retentionDays` in all; returns what it deleted. */
  prune(retentionDays: number): string[] {
    const cutoff = new Date(this.now());
    cutoff.setDate(cutoff.getDate() - (retentionDays - 1));
    const oldest = localDate(cutoff);
    const removed: string[] = [];
    for (const day of this.days()) {
      if (day >= oldest) continue;
      const path = join(this.directory, `console-${day}.log`);
      if (statSync(path).isFile()) {
        unlinkSync(path);
        removed.push(path);
      }
    }
    return removed;
  }

  /** The open file for `at`'s day: opened on the first line of a day, and again if it was deleted. */
  private fileFor(at: Date): DayFile | undefined {
    const day = localDate(at);
    let file = this.current;
    if (file && file.day === day && !this.deletedUnder(file)) return file;
    if (file) {
      this.current = undefined;
      // The old day's (or deleted) file finishes its pending writes on its own, then closes.
      file.stream.end();
    }
    file = this.open(day);
    this.current = file;
    this.lastPresenceCheck = this.now().getTime();
    return file;
  }

  private deletedUnder(file: DayFile): boolean {
    const now = this.now().getTime();
    if (now - this.lastPresenceCheck < presenceCheckMs) return false;
    this.lastPresenceCheck = now;
    return statSync(file.path, { throwIfNoEntry: false }) === undefined;
  }

  private open(day: string): DayFile {
    const path = join(this.directory, `console-${day}.log`);
    // Opened here, synchronously, so the writer has its descriptor at once: a line logged just
    // before an exit is flushed by the exit hook instead of waiting for an asynchronous open.
    let fd: number;
    try {
      fd = openSync(path, 'a', 0o600);
    } catch {
      // Only the logs folder itself is made again: if the whole data folder is gone, so is the console's place to write.
      mkdirSync(this.directory, { mode: 0o700 });
      fd = openSync(path, 'a', 0o600);
    }
    let stream;
    try {
      stream = pino.destination({ dest: fd, sync: false });
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    const file: DayFile = { day, path, stream, queued: 0, written: 0, waiters: [] };
    stream.on('write', (bytes: number) => {
      file.written += bytes;
      if (file.written >= file.queued) release(file);
    });
    stream.on('error', (error: Error) => {
      this.onWriteFailure(error);
      // Nobody waits forever for a file that cannot be written.
      release(file);
    });
    return file;
  }
}

function release(file: DayFile): void {
  const waiters = file.waiters.splice(0);
  for (const resolve of waiters) resolve();
}

export function localDate(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
