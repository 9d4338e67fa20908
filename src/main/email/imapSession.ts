// imapflow loads on the first email use only (about 38 MB of resident memory with nodemailer),
// which a console idling in the tray without email accounts should not carry.
import type { ImapFlow } from 'imapflow';
import type { MailServer } from '../../shared/integration/mailServers';
import type { EmailFolder } from '../../shared/contract';

const timeoutMs = 30_000;

export type ImapLogin = {
  server: MailServer;
  /** The login identity: the user's own address, or a shared mailbox's address (group accounts). */
  user: string;
  accessToken: string;
  /** Certificates to trust: the public roots plus the integration's custom CA (a TLS-inspecting proxy). */
  trustedCa?: string[];
  /** Told the name of every command the client sends (never its arguments), to count round trips. */
  onCommand?: (command: string) => void;
};

/** One IMAP connection for one account's check: Exchange Online limits connections per mailbox, so a check opens exactly one. */
export type ImapSession = { client: ImapFlow; close(): Promise<void> };

export async function openImapSession(login: ImapLogin): Promise<ImapSession> {
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow({
    host: login.server.host,
    port: login.server.port,
    secure: login.server.security === 'tls',
    doSTARTTLS: login.server.security === 'starttls' ? true : login.server.security === 'none' ? false : undefined,
    auth: { user: login.user, accessToken: login.accessToken },
    tls: login.trustedCa ? { ca: login.trustedCa } : undefined,
    logger: commandCounter(login.onCommand),
    // No IDLE between our commands: every command is ours and the round trips stay countable.
    disableAutoIdle: true,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: 5 * 60_000,
  });
  // A late socket error after a refused login must not become an unhandled 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.close();
    throw error;
  }
  return {
    client,
    async close() {
      try {
        await client.logout();
      } catch {
        client.close();
      }
    },
  };
}

/**
 * imapflow's logger, reduced to counting: only the command word of each line the client sends is
 * passed on. Nothing is written anywhere, so the AUTHENTICATE line (the token, base64-encoded, which
 * no redactor can recognise) never reaches a log.
 */
function commandCounter(onCommand: ((command: string) => void) | undefined) {
  const ignore = () => undefined;
  if (!onCommand) return false as const;
  const debug = (entry: { src?: string; msg?: string }) => {
    if (entry?.src !== 'c' || typeof entry.msg !== 'string') return;
    const command = /^\S+\s+(?:UID\s+)?([A-Z]+)/i.exec(entry.msg)?.[1];
    if (command) onCommand(command.toUpperCase());
  };
  return { debug, info: ignore, warn: ignore, error: ignore, trace: ignore };
}

/** The mailbox's folders, as the server lists them (`\Noselect` containers left out). */
export async function listFolders(client: ImapFlow): Promise<EmailFolder[]> {
  const listed = await client.list();
  return listed
    .filter((folder) => !folder.flags.has('\\Noselect') && !folder.flags.has('\\NonExistent'))
    .map((folder) => ({ path: folder.path, name: folder.name, specialUse: folder.specialUse ?? null }))
    .sort((a, b) => (a.path === 'INBOX' ? -1 : b.path === 'INBOX' ? 1 : a.path.localeCompare(b.path)));
}

/** The folder sent mail is saved to: the server's \Sent folder, else the usual names Outlook and others use. */
export async function findSentFolder(client: ImapFlow): Promise<string | null> {
  const folders = await listFolders(client);
  const special = folders.find((folder) => folder.specialUse === '\\Sent');
  if (special) return special.path;
  const byName = folders.find((folder) => ['sent items', 'sent', 'sent messages'].includes(folder.name.toLowerCase()));
  return byName?.path ?? null;
}
