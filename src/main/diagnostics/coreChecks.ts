import { accessSync, constants } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import type { StartupNotice, VaultHealth } from '../../shared/contract';
import type { SettingsService } from '../settings/settingsService';
import type { Encryptor } from '../vault/encryptor';
import type { DiagnosticCheck } from './diagnosticsService';

/** The checks the core can make by itself; the integration, accounts and sync add theirs. */
export function coreChecks(deps: {
  dataDir: string;
  database: DatabaseSync;
  encryptor: Encryptor;
  settings: SettingsService;
  notices: readonly StartupNotice[];
  /** After the vault checked its key against its record. */
  vaultHealth: () => Promise<VaultHealth>;
}): DiagnosticCheck[] {
  return [
    {
      id: 'storage.vaultKey',
      title: 'Stored secrets readable',
      category: 'Console',
      run: async () => {
        const health = await deps.vaultHealth();
        if (health.state === 'readable')
          return { status: 'pass', summary: 'Every stored secret can be read with the key the console has now.' };
        return {
          status: 'fail',
          summary:
            `Stored secrets cannot be read (${health.unreadable.map((entry) => entry.label).join(', ')}). ${health.reason ?? ''}`.trim(),
          fix: health.fix ?? undefined,
        };
      },
    },
    {
      id: 'storage.secrets',
      title: 'Secret storage',
      category: 'Console',
      run: () =>
        // Headless mode never uses a keyring: its key file, private to this account, is the design.
        deps.encryptor.backend() === 'key_file'
          ? {
              status: 'pass',
              summary:
                'Headless mode: secrets are encrypted with the key in secrets.key, readable only by this account (0600, in a 0700 data folder). Back that file up with the data folder: without it the stored secrets cannot be read.',
            }
          : deps.encryptor.isProtected()
            ? { status: 'pass', summary: `Secrets are encrypted with a key kept by the OS (${deps.encryptor.backend()}).` }
            : {
                status: 'warn',
                summary: `Secrets are encrypted with a key the OS does not protect (${deps.encryptor.backend()}): anyone who can read this account's files can read them.`,
                fix: 'Install and unlock a keyring (GNOME Keyring, KWallet) and restart the console, or keep this machine’s account private.',
              },
    },
    {
      id: 'storage.dataDir',
      title: 'Data folder',
      category: 'Console',
      run: () => {
        try {
          accessSync(deps.dataDir, constants.R_OK | constants.W_OK);
          return { status: 'pass', summary: `${deps.dataDir} can be read and written.` };
        } catch {
          return {
            status: 'fail',
            summary: `${deps.dataDir} cannot be written.`,
            fix: 'Give the account running the console write access to this folder, or start it with another --data-dir.',
          };
        }
      },
    },
    {
      id: 'storage.database',
      title: 'Workspace database',
      category: 'Console',
      run: () => {
        const result = (deps.database.prepare('PRAGMA quick_check').get() as { quick_check: string }).quick_check;
        return result === 'ok'
          ? { status: 'pass', summary: 'The workspace database passed its integrity check.' }
          : {
              status: 'fail',
              summary: `The workspace database is damaged: ${result}.`,
              fix: 'Stop the console, restore workspace.db from a backup, and start it again.',
            };
      },
    },
    {
      id: 'storage.startup',
      title: 'Files at start-up',
      category: 'Console',
      run: () => {
        const problems = deps.notices.filter((notice) => notice.path);
        return problems.length === 0
          ? { status: 'pass', summary: 'The settings file and the database were read without problems.' }
          : {
              status: 'warn',
              summary: problems.map((notice) => notice.message).join(' '),
              fix: 'Check the values on the affected pages; the unreadable files were kept beside the originals.',
            };
      },
    },
    {
      id: 'logs.level',
      title: 'Log level',
      category: 'Logs',
      run: () => {
        const level = deps.settings.get().logging.level;
        return level === 'debug'
          ? {
              status: 'warn',
              summary: 'The log level is DEBUG: the logs record every request and grow quickly.',
              fix: 'Switch the level back to INFO on the Logs page once the problem is found.',
            }
          : { status: 'pass', summary: `The log level is ${level.toUpperCase()}.` };
      },
    },
  ];
}
