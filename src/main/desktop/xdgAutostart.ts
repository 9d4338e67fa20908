// Desktop only, Linux: start at login through an XDG autostart entry, a .desktop file the session
// manager (GNOME, KDE, Xfce…) launches at login. Specifications: freedesktop.org "Desktop
// Application Autostart" and "Desktop Entry" (the Exec key's quoting).
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { LoginCommand, LoginItem } from './loginItemShape';

/** The file operations the entry needs; tests pass their own. */
export type AutostartFiles = {
  /** The file's text, or undefined when there is none. */
  read(path: string): string | undefined;
  write(path: string, text: string): void;
  remove(path: string): void;
};

export const nodeAutostartFiles: AutostartFiles = {
  read(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw error;
    }
  },
  write(path, text) {
    mkdirSync(dirname(path), { recursive: true });
    // Written aside then renamed: a session manager reading it at that moment never sees half a file.
    writeFileSync(`${path}.tmp`, text, { mode: 0o644 });
    renameSync(`${path}.tmp`, path);
  },
  remove: (path) => rmSync(path, { force: true }),
};

/** XDG Base Directory: $XDG_CONFIG_HOME when it is set to an absolute path, else ~/.config. */
export function xdgAutostartDir(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const configHome = env.XDG_CONFIG_HOME;
  return join(configHome && isAbsolute(configHome) ? configHome : join(home, '.config'), 'autostart');
}

// Desktop Entry spec, "The Exec key": an argument holding one of these is quoted; inside the
// quotes ", `, $ and \ take a backslash.
const reservedCharacters = /[\s"'\\><~|&;$*?#()`]/;

/** One argument as the Exec key wants it, before the value's own escaping. */
function execArgument(arg: string): string {
  if (/[\n\r]/.test(arg)) throw new Error(`A start-at-login command cannot hold a line break: ${JSON.stringify(arg)}`);
  const quoted = reservedCharacters.test(arg) ? `"${arg.replace(/["`$\\]/g, '\\$&')}"` : arg;
  // A literal % is written %% (field codes such as %f start with one).
  return quoted.replace(/%/g, '%%');
}

/**
 * The Exec value. The spec applies the string escape rule (\\ for a backslash) before the quoting
 * rule when reading, so a backslash inside quotes ends up written as four.
 */
export function desktopEntryExec(command: LoginCommand): string {
  return [command.executable, ...command.args].map(execArgument).join(' ').replace(/\\/g, '\\\\');
}

function desktopEntry(name: string, command: LoginCommand): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.5',
    `Name=${name}`,
    'Comment=Starts in the tray at login so the calendar sync keeps running',
    `Exec=${desktopEntryExec(command)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** The keys of the [Desktop Entry] group. */
function entryKeys(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  let inEntry = false;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('[')) inEntry = trimmed === '[Desktop Entry]';
    else if (inEntry && trimmed.includes('=') && !trimmed.startsWith('#')) {
      const at = trimmed.indexOf('=');
      keys.set(trimmed.slice(0, at).trim(), trimmed.slice(at + 1).trim());
    }
  }
  return keys;
}

/**
 * An entry turned off where the desktop turns entries off counts as off: Hidden=true (the autostart
 * spec: treat the file as absent) and GNOME's X-GNOME-Autostart-enabled=false.
 */
function isActive(keys: Map<string, string>): boolean {
  return keys.get('Hidden') !== 'true' && keys.get('X-GNOME-Autostart-enabled') !== 'false';
}

export function createXdgAutostartEntry(options: {
  dir: string;
  fileName: string;
  name: string;
  command: LoginCommand;
  files?: AutostartFiles;
}): LoginItem {
  const files = options.files ?? nodeAutostartFiles;
  const path = join(options.dir, options.fileName);
  const wanted = desktopEntry(options.name, options.command);
  const keys = () => {
    const text = files.read(path);
    return text === undefined ? undefined : entryKeys(text);
  };
  return {
    isEnabled() {
      const found = keys();
      return found !== undefined && isActive(found);
    },
    setEnabled(enabled) {
      if (enabled) files.write(path, wanted);
      else files.remove(path);
    },
    refresh() {
      const found = keys();
      if (found && isActive(found) && found.get('Exec') !== desktopEntryExec(options.command)) files.write(path, wanted);
    },
  };
}
