/**
 * The port the settings service stores through. electron-store (desktop) and jsonSettingsFile.ts
 * (headless) both satisfy it with the same options, so both read and write the same JSON file.
 */
export type SettingsFile = {
  readonly path: string;
  readonly store: Record<string, unknown>;
  set(values: Record<string, unknown>): void;
};

/** Options electron-store takes, and headless mode's file follows, so both modes use one file with one format. */
export function settingsFileOptions(dataDir: string) {
  return {
    cwd: dataDir,
    configName: 'settings',
    // A corrupt file must be reported and moved aside by us, never silently replaced.
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    // Only the account running the console reads its settings (the data folder is 0700 too).
    configFileMode: 0o600,
  } as const;
}

export type OpenSettingsFile = () => SettingsFile;
