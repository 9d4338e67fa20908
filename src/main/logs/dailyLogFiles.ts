import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

const fileNamePattern = /^console-(\d{4}-\d{2}-\d{2})\.log$/;

/**
 * One JSON-lines file a day under `<data dir>/logs`, named by the local date. Hand-written rather
 * than pino-roll because that runs as a worker-thread transport, which does not load from inside a
 * packaged Electron app; appending a line to a day-named file is all that is needed.
 */
export class DailyLogFiles {
  constructor(
    readonly directory: string,
    private readonly now: () => Date,
  ) {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
  }

  /**
   * Appends synchronously, so an entry written just before a crash is on disk. Never throws:
   * a log that cannot be written must not break the work being logged. A folder deleted while
   * the console runs is made again (not the data folder around it); returns whether the line
   * reached the file.
   */
  append(line: string, at: Date = this.now()): boolean {
    const text = line.endsWith('\n') ? line : `${line}\n`;
    try {
      appendFileSync(this.pathFor(at), text, { mode: 0o600 });
      return true;
    } catch {
      try {
        // Only the logs folder itself is made again: if the whole data folder is gone, so is the console's place to write.
        mkdirSync(this.directory, { mode: 0o700 });
        appendFileSync(this.pathFor(at), text, { mode: 0o600 });
        return true;
      } catch {
        return false;
      }
    }
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
}

export function localDate(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
