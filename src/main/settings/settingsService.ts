import { existsSync } from 'node:fs';
import {
  ContractError,
  consoleSettingsSchema,
  describeIssues,
  issuesFromZod,
  type SettingsSection,
  defaultConsoleSettings,
  type ConsoleSettings,
  type ConsoleSettingsPatch,
  type StartupNotice,
} from '../../shared/contract';
import { moveAside } from '../files/moveAside';
import type { OpenSettingsFile, SettingsFile } from './settingsFile';

export type SettingsServiceOptions = {
  openFile: OpenSettingsFile;
  /** Where the file lives, to move it aside when it cannot even be opened. */
  expectedPath: string;
  now: () => Date;
  notify: (notice: StartupNotice) => void;
  onChange?: (settings: ConsoleSettings) => void;
};

/** Non-secret settings behind one schema, whichever library stores the file. */
export class SettingsService {
  private readonly file: SettingsFile;
  private current: ConsoleSettings;

  constructor(private readonly options: SettingsServiceOptions) {
    this.file = this.openOrMoveAside();
    this.current = deepFrozen(this.loadValidated());
  }

  get path(): string {
    return this.file.path;
  }

  /**
   * The settings as they are, frozen: handed out without a copy. A copy per call (structuredClone)
   * cost a sync run over 10,000 mailboxes over a second, read as they are for every mailbox and request.
   */
  get(): ConsoleSettings {
    return this.current;
  }

  /** Merges each section given into the current one; nothing is written unless the result is valid. */
  update(patch: ConsoleSettingsPatch): ConsoleSettings {
    const merged: Record<string, unknown> = { ...this.current };
    for (const [section, values] of Object.entries(patch)) {
      if (values !== undefined) merged[section] = { ...this.current[section as SettingsSection], ...values };
    }
    return this.write(merged);
  }

  /** For the service that owns a section and records facts in it (e.g. the secret's set-at date). */
  replaceSection<S extends SettingsSection>(section: S, value: ConsoleSettings[S]): ConsoleSettings {
    return this.write({ ...this.current, [section]: value });
  }

  private write(candidate: Record<string, unknown>): ConsoleSettings {
    const parsed = consoleSettingsSchema.safeParse(candidate);
    if (!parsed.success) {
      const issues = issuesFromZod(parsed.error);
      throw new ContractError('VALIDATION', describeIssues(issues), issues);
    }
    this.file.set(parsed.data);
    this.current = deepFrozen(parsed.data);
    this.options.onChange?.(this.get());
    return this.get();
  }

  private openOrMoveAside(): SettingsFile {
    try {
      return this.options.openFile();
    } catch (error) {
      if (!existsSync(this.options.expectedPath)) throw error;
      const movedTo = moveAside(this.options.expectedPath, this.options.now());
      this.options.notify({
        level: 'error',
        message: `The settings file could not be read (${describe(error)}). It was moved aside to ${movedTo} and the defaults are in use; re-enter your settings or restore values from that file.`,
        path: this.options.expectedPath,
      });
      return this.options.openFile();
    }
  }

  /** Keeps each valid section; replaces only what does not fit the schema, after keeping a copy. */
  private loadValidated(): ConsoleSettings {
    const stored = this.file.store;
    // A section added by a newer version starts from its defaults; a field added to a section too.
    const withDefaults: Record<string, unknown> = { ...stored };
    for (const [section, defaults] of Object.entries(defaultConsoleSettings)) {
      const value = stored[section];
      withDefaults[section] = isPlainObject(value) ? { ...defaults, ...value } : value === undefined ? defaults : value;
    }
    const parsed = consoleSettingsSchema.safeParse(withDefaults);
    if (parsed.success) return parsed.data;
    const repaired = { ...defaultConsoleSettings } as Record<string, unknown>;
    for (const key of Object.keys(defaultConsoleSettings) as (keyof ConsoleSettings)[]) {
      const section = consoleSettingsSchema.shape[key].safeParse(withDefaults[key]);
      if (section.success) repaired[key] = section.data;
    }
    const movedTo = moveAside(this.file.path, this.options.now());
    this.file.set(repaired);
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    this.options.notify({
      level: 'warning',
      message: `Some settings had values the console does not understand (${fields}); those were reset to their defaults. The original file was kept at ${movedTo}.`,
      path: this.file.path,
    });
    return consoleSettingsSchema.parse(repaired);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/** Freezes `value` and everything in it, so the settings handed out cannot be changed by whoever holds them. */
function deepFrozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFrozen(child);
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
