// Dovecot from Debian's packages, started from a config in a temporary folder (no root needed):
// IMAP on 127.0.0.1 without TLS, verifying XOAUTH2 / OAUTHBEARER tokens through an RFC 7662
// introspection endpoint (the emulator's). Facts behind each setting: TOOLCHAIN.md.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection as createNetConnection, createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';

export const dovecotBinary = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((path) => spawnSync(path, ['--version']).status === 0);

export type Dovecot = { port: number; log: () => string; stop: () => Promise<void> };

/** The running user, or (under root, as in CI containers) the users Debian's package creates. */
function processUsers() {
  const { username, uid, gid } = userInfo();
  if (uid !== 0) {
    const group = spawnSync('id', ['-gn']).stdout.toString().trim();
    return { asRoot: false, internalUser: username, internalGroup: group, loginUser: username, uid, gid };
  }
  const idOf = (flag: string, name: string) => Number(spawnSync('id', [flag, name]).stdout.toString().trim());
  return {
    asRoot: true,
    internalUser: 'dovecot',
    internalGroup: 'dovecot',
    loginUser: 'dovenull',
    uid: idOf('-u', 'dovecot'),
    gid: idOf('-g', 'dovecot'),
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export type DovecotOptions = {
  introspectionUrl: string;
  caFile: string;
  /**
   * Shared mailboxes that log in with the token of a user who has access (Exchange's delegated
   * shared-mailbox login). Dovecot 2.3 panics on a variable in the introspection URL, so each
   * mailbox gets a passdb of its own asking a fixed URL, `sharedIntrospectionUrl(mailbox)`, whose
   * answer names the mailbox when the token's user may open it; the first passdb fails for them.
   */
  sharedMailboxes?: { address: string; introspectionUrl: string }[];
  /** A certificate for STARTTLS (as Exchange Online offers); without it the server speaks plain text only. */
  tls?: { cert: string; key: string };
};

export async function startDovecot(dir: string, options: DovecotOptions): Promise<Dovecot> {
  if (!dovecotBinary) throw new Error('Dovecot is not installed (apt-get install dovecot-imapd).');
  const port = await freePort();
  const users = processUsers();
  for (const sub of ['run', 'state', 'mail']) mkdirSync(join(dir, sub), { recursive: true });
  if (users.asRoot) {
    // Dovecot's login and mail processes refuse to run as root: they get the package's own users,
    // which must be able to reach the sockets and the mail folder.
    chmodSync(dir, 0o755);
    chownSync(join(dir, 'mail'), users.uid, users.gid);
  }
  // A copy the auth process (not root) can read: the emulator keeps its CA in a private folder.
  const caFile = join(dir, 'introspection-ca.pem');
  copyFileSync(options.caFile, caFile);
  chmodSync(caFile, 0o644);
  const oauth2Args = (name: string, introspectionUrl: string) => {
    const path = join(dir, name);
    writeFileSync(
      path,
      [
        'introspection_mode = post',
        `introspection_url = ${introspectionUrl}`,
        'username_attribute = username',
        'active_attribute = active',
        'active_value = true',
        `tls_ca_cert_file = ${caFile}`,
        '',
      ].join('\n'),
    );
    return path;
  };
  const passdbs = [
    { name: 'oauth2.conf', url: options.introspectionUrl },
    ...(options.sharedMailboxes ?? []).map((shared, index) => ({ name: `oauth2-shared-${index}.conf`, url: shared.introspectionUrl })),
  ]
    .map(({ name, url }) => `passdb {\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = ${oauth2Args(name, url)}\n}`)
    .join('\n');
  let sslSettings = 'ssl = no';
  if (options.tls) {
    writeFileSync(join(dir, 'tls-cert.pem'), options.tls.cert, { mode: 0o644 });
    writeFileSync(join(dir, 'tls-key.pem'), options.tls.key, { mode: 0o600 });
    // STARTTLS offered, not required: the Diagnostics tests still log in over plain text.
    sslSettings = `ssl = yes\nssl_cert = <${join(dir, 'tls-cert.pem')}\nssl_key = <${join(dir, 'tls-key.pem')}`;
  }
  const config = join(dir, 'dovecot.conf');
  writeFileSync(
    config,
    `
base_dir = ${join(dir, 'run')}
state_dir = ${join(dir, 'state')}
log_path = ${join(dir, 'dovecot.log')}
listen = 127.0.0.1
protocols = imap
${sslSettings}
disable_plaintext_auth = no
auth_mechanisms = xoauth2 oauthbearer
auth_failure_delay = 0
default_internal_user = ${users.internalUser}
default_internal_group = ${users.internalGroup}
default_login_user = ${users.loginUser}
first_valid_uid = ${users.uid}
mail_location = maildir:${join(dir, 'mail')}/%u
# Exchange Online's sent folder, marked \\Sent (RFC 6154) as Exchange marks it.
namespace inbox {
  inbox = yes
  mailbox "Sent Items" {
    special_use = \\Sent
    auto = create
  }
}
${passdbs}
userdb {
  driver = static
  args = uid=${users.uid} gid=${users.gid} home=${join(dir, 'mail')}/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
`,
  );
  const child: ChildProcess = spawn(dovecotBinary, ['-F', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  const log = () => {
    try {
      return output + readFileSync(join(dir, 'dovecot.log'), 'utf8');
    } catch {
      return output;
    }
  };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port, child, log);
  return {
    port,
    log,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Dovecot stopped at start-up: ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection(port);
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Dovecot did not listen on ${port} within 10 s: ${log()}`);
}

function createConnection(port: number) {
  return createNetConnection({ host: '127.0.0.1', port });
}
