// Email figures: the real fetch (imapflow, mailparser, the SQLite store) against Dovecot over
// STARTTLS, verifying tokens through the emulator, with 500 messages put there by IMAP APPEND.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer';
import { checkEmailAccount } from '../src/main/email/accountCheck';
import { AttachmentFiles } from '../src/main/email/attachmentFiles';
import { EmailAccountRepository } from '../src/main/email/emailAccountRepository';
import { MailboxAccess } from '../src/main/email/mailboxAccess';
import { defaultEmailLimits } from '../src/main/email/messageParsing';
import { MessageStore } from '../src/main/email/messageStore';
import { openWorkspaceDatabase } from '../src/main/store/workspaceDatabase';
import { seedDemoTenant } from '../test/emulator/demoTenant.ts';
import { startEmulator } from '../test/emulator/server.ts';
import { signIn } from '../test/emulator/support/session.ts';
import { dovecotBinary, startDovecot } from '../test/support/dovecot.ts';
import { figure, type Figure } from './figures.ts';

export type EmailBenchOptions = { messages: number; folders: number };

const ADELE = 'adele.vance@contoso.onmicrosoft.com';
const setUpCommands = new Set(['CAPABILITY', 'AUTHENTICATE', 'LOGIN', 'ENABLE', 'ID', 'NAMESPACE', 'COMPRESS', 'STARTTLS', 'LOGOUT']);

/** Mail of the sizes an inbox holds: text and HTML alternatives, a small attachment on every fifth. */
async function message(i: number): Promise<Buffer> {
  const paragraph = `Line ${i}: the order, the delivery date and the invoice number are below. `.repeat(40);
  return new MailComposer({
    from: { name: 'Patti Fernandez', address: 'patti@fabrikam.example' },
    to: ADELE,
    subject: `Bench order ${i}`,
    messageId: `<bench-${i}@fabrikam.example>`,
    text: paragraph,
    html: `<html><body><p>${paragraph}</p><table>${'<tr><td>item</td><td>1</td></tr>'.repeat(40)}</table></body></html>`,
    attachments: i % 5 === 0 ? [{ filename: `invoice-${i}.pdf`, content: Buffer.alloc(24_000, i % 251) }] : [],
    date: new Date(Date.UTC(2026, 10, 1) + i * 60_000),
  })
    .compile()
    .build();
}

export async function emailFigures(options: EmailBenchOptions, emit: (f: Figure) => void): Promise<void> {
  if (!dovecotBinary) {
    emit({
      bench: 'email_fetch_mb_per_s',
      value: null,
      bound: null,
      ratio: null,
      unit: 'MB/s',
      note: 'not measured: Dovecot is not installed (apt-get install dovecot-imapd)',
    });
    return;
  }
  const emulator = await startEmulator();
  const demo = seedDemoTenant(emulator);
  const dir = mkdtempSync(join(tmpdir(), 'bench-email-'));
  // A folder of its own: under root, Dovecot's processes run as its users and must be able to enter it.
  const dovecotDir = mkdtempSync(join(tmpdir(), 'bench-dovecot-'));
  const dovecot = await startDovecot(dovecotDir, {
    introspectionUrl: emulator.introspectionUrl(demo.tenant.id),
    caFile: emulator.caFile,
    tls: emulator.serverCertificate,
  });
  try {
    const { access_token: token } = await signIn(
      emulator,
      demo,
      ADELE,
      'openid offline_access https://outlook.office.com/IMAP.AccessAsUser.All',
    );
    const folders = Array.from({ length: options.folders }, (_, i) => `Bench-${i + 1}`);
    const connect = async () => {
      const client = new ImapFlow({
        host: '127.0.0.1',
        port: dovecot.port,
        secure: false,
        doSTARTTLS: true,
        tls: { ca: [emulator.caCert] },
        auth: { user: ADELE, accessToken: token },
        logger: false,
        disableAutoIdle: true,
      });
      await client.connect();
      return client;
    };
    const seeding = await connect().catch((error: Error) => {
      throw new Error(`Dovecot refused the login: ${error.message}\n${dovecot.log().slice(-2000)}`);
    });
    for (const folder of folders) await seeding.mailboxCreate(folder);
    for (let i = 0; i < options.messages; i++) await seeding.append(folders[i % folders.length], await message(i));
    await seeding.logout();

    // The bound: the same bytes fetched by imapflow alone (one FETCH per folder), nothing parsed or kept.
    const bare = await connect();
    let bareBytes = 0;
    const bareStarted = performance.now();
    for (const folder of folders) {
      const lock = await bare.getMailboxLock(folder, { readOnly: true });
      try {
        for await (const fetched of bare.fetch('1:*', { uid: true, source: true }, { uid: true })) bareBytes += fetched.source?.length ?? 0;
      } finally {
        lock.release();
      }
    }
    const bareSeconds = (performance.now() - bareStarted) / 1000;
    await bare.logout();

    const now = () => new Date();
    const db = openWorkspaceDatabase({ path: join(dir, 'workspace.db'), now, notify: () => undefined });
    db.prepare("INSERT INTO users (name, email, type, created_at, updated_at) VALUES ('Bench', 'bench@example.com', 'regular', ?, ?)").run(
      now().toISOString(),
      now().toISOString(),
    );
    const account = new EmailAccountRepository(db, now).create({
      kind: 'personal',
      userId: 1,
      address: ADELE,
      displayName: 'Adele Vance',
      folders,
      fetchSince: null,
      sendVia: 'smtp',
      enabled: true,
    });
    const commands: string[] = [];
    const access = new MailboxAccess({
      mailAccess: async () => ({ userPrincipalName: ADELE, accessToken: async () => token }),
      servers: () => ({
        imap: { host: '127.0.0.1', port: dovecot.port, security: 'starttls' },
        smtp: { host: '127.0.0.1', port: 1, security: 'starttls' },
      }),
      customCa: () => emulator.caCert,
      registerSecret: () => undefined,
      onImapCommand: (command) => commands.push(command),
    });
    const ports = { access, store: new MessageStore(db, now), files: new AttachmentFiles(dir), limits: defaultEmailLimits };

    const started = performance.now();
    const first = await checkEmailAccount(ports, account);
    const seconds = (performance.now() - started) / 1000;
    if (first.fetched !== options.messages) throw new Error(`The first check fetched ${first.fetched} of ${options.messages} messages.`);
    const mb = first.bytes / (1024 * 1024);
    emit(
      figure(
        'email_fetch_mb_per_s',
        mb / seconds,
        bareBytes / (1024 * 1024) / bareSeconds,
        'MB/s',
        `${options.messages} messages (${mb.toFixed(1)} MB) in ${options.folders} folders in ${seconds.toFixed(2)} s: fetched, parsed, kept with their links and attachments; bound = imapflow fetching the same bytes and nothing else`,
        'boundOverValue',
      ),
    );

    commands.length = 0;
    const second = await checkEmailAccount(ports, account);
    const roundTrips = commands.filter((command) => !setUpCommands.has(command));
    if (second.fetched !== 0) throw new Error(`The second check fetched ${second.fetched} messages.`);
    emit(
      figure(
        'email_incremental_roundtrips',
        roundTrips.length,
        options.folders,
        'commands',
        `a check with nothing new over ${options.folders} folders: ${roundTrips.join(', ')} (login and logout not counted: ${commands.length - roundTrips.length} commands)`,
      ),
    );
    db.close();
  } finally {
    await dovecot.stop();
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(dovecotDir, { recursive: true, force: true });
  }
}
