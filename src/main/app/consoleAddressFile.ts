import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const consoleAddressFileName = 'headless-console.json';

/**
 * Where the running headless console answers and the token it takes, for `--print-url`. The
 * file is 0600 inside the 0700 data folder: whoever can read it can already read the vault key
 * beside it, so it gives nobody more than they had. The token is kept across restarts, so an open
 * tab (and a bookmark) reconnects after `systemctl --user restart`; `--new-token` replaces it.
 */
const consoleAddressSchema = z.object({
  url: z.url(),
  port: z.number().int().min(1).max(65535),
  token: z.string().regex(/^[\w-]{32,}$/),
  pid: z.number().int().positive(),
  startedAt: z.iso.datetime(),
});
export type ConsoleAddress = z.infer<typeof consoleAddressSchema>;

export function consoleAddressPath(dataDir: string): string {
  return join(dataDir, consoleAddressFileName);
}

/** Null when there is no file or it is not one this console wrote; a file it may not read throws (EACCES). */
export function readConsoleAddress(dataDir: string): ConsoleAddress | null {
  let text: string;
  try {
    text = readFileSync(consoleAddressPath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const parsed = consoleAddressSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Written aside and renamed into place, so a reader never sees half a file. */
export function writeConsoleAddress(dataDir: string, address: ConsoleAddress): void {
  const path = consoleAddressPath(dataDir);
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, JSON.stringify(consoleAddressSchema.parse(address), null, 2), { mode: 0o600, flag: 'wx' });
  renameSync(temporary, path);
}

/** The token of the last start, to keep open tabs working; a fresh one when there is none or one is asked for. */
export function consoleToken(dataDir: string, fresh: boolean): string {
  if (!fresh) {
    try {
      const previous = readConsoleAddress(dataDir);
      if (previous) return previous.token;
    } catch {
      // Unreadable: the new start writes a new file with a new token.
    }
  }
  return randomBytes(32).toString('base64url');
}
