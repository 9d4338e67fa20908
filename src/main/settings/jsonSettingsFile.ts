import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { settingsFileOptions, type SettingsFile } from './settingsFile';

/**
 * Headless mode's settings file (electron-store cannot load without Electron): the same file
 * electron-store and conf write — `settings.json` in the data folder, tab-indented JSON, mode
 * 0600, replaced atomically — without conf itself, whose JSON-schema validator (ajv) the console
 * never used (settings are checked with zod) and which cost start-up time and memory.
 */
export function openJsonSettingsFile(dataDir: string): SettingsFile {
  const { cwd, configName, configFileMode } = settingsFileOptions(dataDir);
  mkdirSync(cwd, { recursive: true, mode: 0o700 });
  const path = join(cwd, `${configName}.json`);
  // A file that is not JSON throws here, as conf's did: the settings service moves it aside.
  let store = readStore(path);
  return {
    path,
    get store() {
      return store;
    },
    set(values) {
      writeAtomically(path, JSON.stringify(values, undefined, '\t'), configFileMode);
      store = values;
    },
  };
}

function readStore(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  if (text.trim() === '') return {};
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${path} does not hold a JSON object.`);
  return value as Record<string, unknown>;
}

/** Written to a temporary file beside it, flushed, then renamed over it: a crash leaves the old file or the new one, never half of one. */
function writeAtomically(path: string, text: string, mode: number): void {
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w', mode);
  try {
    try {
      writeFileSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
