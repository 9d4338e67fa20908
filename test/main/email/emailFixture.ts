// Real servers for the email tests: the emulator (identity, Graph, token introspection), Dovecot
// speaking STARTTLS with the emulator's certificate and verifying every bearer token through the
// emulator, and smtp-server standing in for Exchange's SMTP AUTH. A console per test, pointed at
// them through the Integration page's settings (mail servers, custom CA), as an administrator would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, vi } from 'vitest';
import type { AccountsView, IntegrationConfig, SignInAttempt } from '../../../src/shared/contract';
import type { CorePorts } from '../../../src/main/core';
import type { TestCore as Core } from '../../support/testCore';
import type { DemoTenant } from '../../emulator/demoTenant';
import type { Emulator } from '../../emulator/server';
import { startDovecot, type Dovecot } from '../../support/dovecot';
import { startExchangeSmtp, type ExchangeSmtp } from '../../support/exchangeSmtp';
import { callOk, signInInBrowser, useEmulatorConsoles } from '../accounts/accountsFixture';

export const ADELE = 'adele.vance@contoso.onmicrosoft.com';
export const ALEX = 'alex.wilber@contoso.onmicrosoft.com';
export const DIEGO = 'diego.siciliani@contoso.onmicrosoft.com';
export const SUPPORT = 'support@contoso.onmicrosoft.com';
export const allMailFeatures = { calendar: false, contacts: false, imap: true, smtp: true, graphMail: true };

export type EmailServers = { emulator: Emulator; demo: DemoTenant; dovecot: Dovecot; smtp: ExchangeSmtp };

/** One emulator, Dovecot and SMTP server for the file; `setUpConsole` gives each test a fresh console. */
export function useEmailServers() {
  const servers = {} as EmailServers;
  let dovecotDir = '';
  const { setUp, tempDir } = useEmulatorConsoles((emulator, demo) => {
    servers.emulator = emulator;
    servers.demo = demo;
  });
  beforeAll(async () => {
    const { emulator, demo } = servers;
    const tenant = emulator.directory.tenants.get(demo.tenant.id)!;
    emulator.directory.addUser(tenant, { userPrincipalName: SUPPORT, displayName: 'Contoso Support' });
    emulator.directory.grantFullAccess(SUPPORT, ADELE);
    dovecotDir = mkdtempSync(join(tmpdir(), 'oic-dovecot-'));
    servers.dovecot = await startDovecot(dovecotDir, {
      introspectionUrl: emulator.introspectionUrl(demo.tenant.id),
      caFile: emulator.caFile,
      sharedMailboxes: [{ address: SUPPORT, introspectionUrl: emulator.sharedIntrospectionUrl(demo.tenant.id, SUPPORT) }],
      tls: emulator.serverCertificate,
    });
    servers.smtp = await startExchangeSmtp(emulator);
  });
  afterAll(async () => {
    await servers.dovecot?.stop();
    await servers.smtp?.stop();
    if (dovecotDir) rmSync(dovecotDir, { recursive: true, force: true });
  });

  /** A console whose users each connect one emulated mailbox; mail servers are Dovecot and the SMTP stand-in (STARTTLS). */
  async function setUpConsole(options: {
    mailboxes: string[];
    features?: Partial<IntegrationConfig['features']>;
    ports?: Partial<CorePorts>;
  }) {
    const features = { ...allMailFeatures, ...options.features };
    const mail = { imapHost: '127.0.0.1', imapPort: servers.dovecot.port, smtpHost: '127.0.0.1', smtpPort: servers.smtp.port };
    const { core, role } = await setUp({ config: { features, mail }, ports: options.ports });
    const userIds: number[] = [];
    for (const [index, mailbox] of options.mailboxes.entries()) {
      const user = core.access.createUser({
        name: `Mail User ${index}`,
        email: `mail.user${index}@example.com`,
        type: 'regular',
        roleIds: [role.id],
      });
      const attempt = await callOk<SignInAttempt>(core, 'accounts.connect', { userId: user.id });
      await signInInBrowser(attempt.url, servers.emulator, mailbox);
      await vi.waitFor(async () => {
        const row = (await callOk<AccountsView>(core, 'accounts.list')).rows.find((candidate) => candidate.user.id === user.id);
        if (row?.account?.status !== 'connected') throw new Error('not connected yet');
      });
      userIds.push(user.id);
    }
    return { core, userIds };
  }

  return { servers, setUpConsole, tempDir };
}

/** Logs in to Dovecot as `mailbox` with the console user's own mail token (STARTTLS, the emulator's CA) and runs `work`. */
export async function asMailbox<T>(
  core: Core,
  userId: number,
  mailbox: string,
  port: number,
  caCert: string,
  work: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const token = await (await core.accounts.mailAccess(userId))!.accessToken();
  const client = new ImapFlow({
    host: '127.0.0.1',
    port,
    secure: false,
    doSTARTTLS: true,
    tls: { ca: [caCert] },
    auth: { user: mailbox, accessToken: token },
    logger: false,
    disableAutoIdle: true,
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout();
  }
}

/** Puts messages into a folder with IMAP APPEND, creating the folder first when needed. */
export async function appendMessages(client: ImapFlow, folder: string, messages: readonly Buffer[]): Promise<void> {
  const exists = (await client.list()).some((listed) => listed.path === folder);
  if (!exists) await client.mailboxCreate(folder);
  for (const raw of messages) await client.append(folder, raw, [], new Date('2026-11-20T10:00:00Z'));
}

export type TestMessage = {
  from: string;
  fromName?: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  messageId?: string;
  date?: Date;
  attachments?: Array<{ filename: string; content: Buffer }>;
};

export async function rawMessage(message: TestMessage): Promise<Buffer> {
  const node = new MailComposer({
    from: message.fromName ? { name: message.fromName, address: message.from } : message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    date: message.date ?? new Date('2026-11-20T09:00:00Z'),
    attachments: message.attachments,
  }).compile();
  return node.build();
}
