import Conf from 'conf';
import { settingsFileOptions, type SettingsFile } from './settingsFile';

/** Headless mode's settings file (electron-store cannot load without Electron). */
export function openConfSettingsFile(dataDir: string): SettingsFile {
  const conf = new Conf<Record<string, unknown>>({ ...settingsFileOptions(dataDir), projectName: 'outlook-integration-console' });
  return {
    path: conf.path,
    get store() {
      return conf.store;
    },
    set(values) {
      conf.store = values;
    },
  };
}
