import { homedir } from 'node:os';
import { join } from 'node:path';

export const productName = 'Outlook Integration Console';

/**
 * The same per-user folder Electron's app.getPath('userData') gives the desktop app, so headless
 * mode and the desktop app share their data when run by the same account.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), productName);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', productName);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), productName);
}
