import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StartupNotice } from '../../shared/contract';

export type TightenedPermissions = {
  /** The folder's mode before, when it let other accounts in. */
  folderWas: number | null;
  /** Paths inside it, relative, that other accounts could read or enter. */
  entries: string[];
};

const othersBits = 0o077;

/**
 * The data folder holds the database, tokens' cipher text and the vault key: only the account
 * running the console may read it. Makes the folder 0700 and everything in it 0700 (folders) or
 * 0600 (files), and says what it changed. Symbolic links are left alone: what they point at is
 * someone else's file. POSIX modes mean nothing on Windows, where the per-user folder is private.
 */
export function tightenDataFolder(dataDir: string, platform: NodeJS.Platform = process.platform): TightenedPermissions {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (platform === 'win32') return { folderWas: null, entries: [] };
  const folderMode = lstatSync(dataDir).mode & 0o777;
  let folderWas: number | null = null;
  if (folderMode & othersBits) {
    chmodSync(dataDir, 0o700);
    folderWas = folderMode;
  }
  const entries: string[] = [];
  const walk = (folder: string, relative: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      const shown = relative ? `${relative}/${name}` : name;
      let info;
      try {
        info = lstatSync(path);
      } catch {
        continue; // removed while we looked (a -shm file, say)
      }
      if (info.isDirectory()) {
        if (info.mode & othersBits) {
          chmodSync(path, 0o700);
          entries.push(`${shown}/`);
        }
        walk(path, shown);
      } else if (info.isFile() && info.mode & othersBits) {
        chmodSync(path, 0o600);
        entries.push(shown);
      }
    }
  };
  walk(dataDir, '');
  // The folder's own files (the database, the key) first: they are what a reader would be after.
  entries.sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  return { folderWas, entries };
}

/** The start-up notice for what was tightened; null when everything was already private. */
export function permissionsNotice(dataDir: string, tightened: TightenedPermissions): StartupNotice | null {
  if (tightened.folderWas === null && tightened.entries.length === 0) return null;
  const folder =
    tightened.folderWas === null
      ? ''
      : `The data folder was open to other accounts (mode ${tightened.folderWas.toString(8).padStart(4, '0')}); it is now 0700. `;
  const shown =
    tightened.entries.slice(0, 5).join(', ') + (tightened.entries.length > 5 ? ` and ${tightened.entries.length - 5} more` : '');
  const files =
    tightened.entries.length === 0
      ? ''
      : `${tightened.entries.length === 1 ? 'One entry was' : `${tightened.entries.length} entries were`} readable by other accounts (${shown}); now only this account can read them (0600 files, 0700 folders). `;
  return {
    level: 'warning',
    message: `${folder}${files}Other accounts on this machine may have copied the workspace before: if that matters, replace the client secret and reconnect the accounts.`,
    path: dataDir,
  };
}
