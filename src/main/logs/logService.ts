import pino from 'pino';
import { logLevelRank, type LogEntry, type LogLevel } from '../../shared/contract';
import { DailyLogFiles } from './dailyLogFiles';
import { Redactor } from './redactor';

export type LogFields = Record<string, unknown>;

/** What features log through: plain words first, details as fields. */
export type Logger = {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  notice(message: string, fields?: LogFields): void;
  warning(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(bindings: { source?: string; runId?: string }): Logger;
};

export type LogServiceOptions = {
  directory: string;
  now: () => Date;
  level: LogLevel;
  redactor?: Redactor;
  /** How many recent entries the Logs page can load without reading files. */
  memoryEntries?: number;
  onEntry?: (entry: LogEntry) => void;
  /** Another place every (redacted) entry goes: headless mode's stdout under a service manager. */
  mirror?: (entry: LogEntry) => void;
};

// child() widens the second parameter, so one alias covers the root and its children.
type PinoLogger = pino.Logger<LogLevel, boolean>;

const levels = Object.keys(logLevelRank) as LogLevel[];

/**
 * One pino logger for the whole main process. Every line passes through the redactor before it
 * reaches the day's file, the in-memory buffer or the live stream, so no path can skip it.
 */
export class LogService {
  readonly redactor: Redactor;
  readonly files: DailyLogFiles;
  private readonly root: PinoLogger;
  private readonly buffer: LogEntry[] = [];
  private readonly memoryEntries: number;
  private sequence = 0;
  private reportedWriteFailure = false;

  constructor(private readonly options: LogServiceOptions) {
    this.redactor = options.redactor ?? new Redactor();
    this.files = new DailyLogFiles(options.directory, options.now);
    this.memoryEntries = options.memoryEntries ?? 20_000;
    const redactor = this.redactor;
    this.root = pino<LogLevel, true>(
      {
        level: options.level,
        customLevels: logLevelRank,
        useOnlyCustomLevels: true,
        base: null,
        messageKey: 'message',
        errorKey: 'error',
        timestamp: () => `,"time":"${options.now().toISOString()}"`,
        formatters: {
          level: (label) => ({ level: label }),
          log: (fields) => redactor.redactValue(fields) as Record<string, unknown>,
        },
      },
      { write: (line: string) => this.accept(line) },
    );
  }

  get level(): LogLevel {
    return this.root.level as LogLevel;
  }

  setLevel(level: LogLevel): void {
    this.root.level = level;
  }

  logger(source: string, runId?: string): Logger {
    return wrap(this.root.child(runId ? { source, runId } : { source }), this.root);
  }

  /** The newest entries kept in memory, oldest first. */
  recent(limit = this.memoryEntries): LogEntry[] {
    return this.buffer.slice(-limit);
  }

  /** A day's entries from its file (already redacted when written); unreadable lines are skipped. */
  readDay(day: string): LogEntry[] {
    const entries: LogEntry[] = [];
    for (const line of this.files.read(day).split('\n')) {
      if (!line) continue;
      try {
        entries.push(toEntry(JSON.parse(line) as Record<string, unknown>, entries.length));
      } catch {
        // A line cut short by a crash is not worth failing the whole day for.
      }
    }
    return entries;
  }

  prune(retentionDays: number): string[] {
    return this.files.prune(retentionDays);
  }

  private accept(rawLine: string): void {
    const line = this.redactor.redactText(rawLine.trimEnd());
    const entry = toEntry(JSON.parse(line) as Record<string, unknown>, this.sequence++);
    if (!this.files.append(line, new Date(entry.time)) && !this.reportedWriteFailure) {
      this.reportedWriteFailure = true;
      process.stderr.write(
        `Outlook Integration Console: cannot write log files in ${this.files.directory}; entries stay in the Logs page only.\n`,
      );
    }
    this.buffer.push(entry);
    if (this.buffer.length > this.memoryEntries) this.buffer.splice(0, this.buffer.length - this.memoryEntries);
    this.options.onEntry?.(entry);
    this.options.mirror?.(entry);
  }
}

function toEntry(record: Record<string, unknown>, seq: number): LogEntry {
  const { level, time, source, runId, message, ...fields } = record;
  return {
    seq,
    time: String(time),
    level: (levels as unknown[]).includes(level) ? (level as LogLevel) : 'info',
    source: typeof source === 'string' ? source : 'core',
    message: typeof message === 'string' ? message : '',
    fields,
    runId: typeof runId === 'string' ? runId : null,
  };
}

/**
 * A child is made from the root with its parent's bindings merged in: pino's own child() appends
 * bindings, so a child that changes `source` would write the key twice in one JSON line.
 */
function wrap(logger: PinoLogger, root: PinoLogger): Logger {
  const wrapped = {
    child: (bindings: { source?: string; runId?: string }) => wrap(root.child({ ...logger.bindings(), ...bindings }), root),
  } as Logger;
  for (const level of levels) {
    wrapped[level] = (message: string, fields?: LogFields) => logger[level](fields ?? {}, message);
  }
  return wrapped;
}
