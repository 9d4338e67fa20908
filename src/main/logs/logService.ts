import { logLevelRank, type LogEntry, type LogLevel } from '../../shared/contract';
import { DailyLogFiles } from './dailyLogFiles';
import { LiveLogBatches, type LiveBatchLimits } from './liveLogBatches';
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
  /** Each entry as it is written (the job history keeps a run's lines with it). */
  onEntry?: (entry: LogEntry) => void;
  /** The entries for the live view, in order, gathered into batches (see LiveLogBatches). */
  onEntries?: (entries: LogEntry[]) => void;
  liveBatch?: LiveBatchLimits;
  /** Another place every (redacted) entry goes: headless mode's stdout under a service manager. */
  mirror?: (entry: LogEntry) => void;
};

type Bindings = { source: string; runId?: string };

// 2,000 entries a second (a busy DEBUG log) make batches of about 100: twenty messages a second,
// each seen within 50 ms, which a person watching the view cannot tell from at once.
const defaultLiveBatch: LiveBatchLimits = { windowMs: 50, maxEntries: 500 };

const levels = Object.keys(logLevelRank) as LogLevel[];
/** Keys of a file line that are the entry itself: a field of the same name would write the key twice. */
const entryKeys = new Set(['level', 'time', 'source', 'runId', 'message', 'seq']);

/**
 * The main process's log. Each entry is built once as an object, redacted once (its message and
 * fields), and that same object goes to the in-memory buffer, the live stream and (serialised once)
 * the day's file, so no path can skip the redactor and nothing is serialised and parsed back.
 * Not pino's logger: it can only hand over a serialised line, which is what made the round trip.
 */
export class LogService {
  readonly redactor: Redactor;
  readonly files: DailyLogFiles;
  private threshold: number;
  private currentLevel: LogLevel;
  private readonly buffer: LogEntry[] = [];
  private readonly memoryEntries: number;
  private sequence = 0;
  private reportedWriteFailure = false;
  private readonly live: LiveLogBatches | undefined;

  constructor(private readonly options: LogServiceOptions) {
    this.redactor = options.redactor ?? new Redactor();
    this.files = new DailyLogFiles(options.directory, options.now, () => this.reportWriteFailure());
    this.memoryEntries = options.memoryEntries ?? 20_000;
    this.currentLevel = options.level;
    this.threshold = logLevelRank[options.level];
    const onEntries = options.onEntries;
    this.live = onEntries && new LiveLogBatches(options.liveBatch ?? defaultLiveBatch, onEntries);
  }

  get level(): LogLevel {
    return this.currentLevel;
  }

  setLevel(level: LogLevel): void {
    this.currentLevel = level;
    this.threshold = logLevelRank[level];
  }

  logger(source: string, runId?: string): Logger {
    return this.bound(runId ? { source, runId } : { source });
  }

  /** The newest entries kept in memory, oldest first. */
  recent(limit = this.memoryEntries): LogEntry[] {
    return this.buffer.slice(-limit);
  }

  /** A day's entries from its file (already redacted when written); unreadable lines are skipped. */
  async readDay(day: string): Promise<LogEntry[]> {
    await this.files.flushed();
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

  /** Resolves once every entry logged so far is in its file (the OS has it) and sent to the live view. */
  flushed(): Promise<void> {
    this.live?.flush();
    return this.files.flushed();
  }

  /** Writes what is pending and closes the file: the console's last step when it stops. */
  close(): Promise<void> {
    this.live?.flush();
    return this.files.close();
  }

  prune(retentionDays: number): string[] {
    return this.files.prune(retentionDays);
  }

  private bound(bindings: Bindings): Logger {
    const logger = { child: (more) => this.bound({ ...bindings, ...more, source: more.source ?? bindings.source }) } as Logger;
    for (const level of levels) logger[level] = (message, fields) => this.write(level, bindings, message, fields);
    return logger;
  }

  private write(level: LogLevel, bindings: Bindings, message: string, fields: LogFields | undefined): void {
    if (logLevelRank[level] < this.threshold) return;
    const at = this.options.now();
    const entry: LogEntry = {
      seq: this.sequence++,
      time: at.toISOString(),
      level,
      source: bindings.source,
      message: this.redactor.redactText(message),
      fields: fields ? this.safeFields(fields) : {},
      runId: bindings.runId ?? null,
    };
    this.files.append(serialise(entry), at);
    this.buffer.push(entry);
    // Trimmed in steps rather than per entry: one splice per thousand entries instead of one per line.
    if (this.buffer.length > this.memoryEntries + 1000) this.buffer.splice(0, this.buffer.length - this.memoryEntries);
    this.options.onEntry?.(entry);
    this.live?.add(entry);
    this.options.mirror?.(entry);
  }

  /** The fields redacted, without keys that would clash with the entry's own. */
  private safeFields(fields: LogFields): LogFields {
    const redacted = this.redactor.redactValue(fields) as LogFields;
    for (const key of Object.keys(redacted)) if (entryKeys.has(key)) delete redacted[key];
    return redacted;
  }

  private reportWriteFailure(): void {
    if (this.reportedWriteFailure) return;
    this.reportedWriteFailure = true;
    process.stderr.write(
      `Outlook Integration Console: cannot write log files in ${this.files.directory}; entries stay in the Logs page only.\n`,
    );
  }
}

/** One file line: the entry's keys, its fields flattened beside them (the format the files have always had), the message last. */
function serialise({ level, time, source, runId, fields, message }: LogEntry): string {
  const head = runId ? { level, time, source, runId } : { level, time, source };
  try {
    return JSON.stringify({ ...head, ...fields, message });
  } catch {
    // A BigInt or a cycle deeper than the redactor copies: the entry is kept, its fields are not.
    return JSON.stringify({ ...head, fieldsOmitted: 'not serialisable', message });
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
