// Desktop only: electron-store imports electron at load time.
import ElectronStore from 'electron-store';
import { settingsFileOptions, type SettingsFile } from '../settings/settingsFile';

export function openElectronStoreSettingsFile(dataDir: string): SettingsFile {
  const store = new ElectronStore<Record<string, unknown>>({
    ...settingsFileOptions(dataDir),
    // electron-store takes the file name from `name` and overwrites `configName` with it.
    name: settingsFileOptions(dataDir).configName,
  });
  return {
    path: store.path,
    get store() {
      return store.store;
    },
    set(values) {
      store.store = values;
    },
  };
}
