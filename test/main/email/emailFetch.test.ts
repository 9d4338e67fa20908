// Fetching over IMAP against Dovecot (STARTTLS, every bearer token verified through the emulator's
// introspection), with the mail put there by IMAP APPEND: incremental by UIDVALIDITY / UID, one
// round trip per folder when nothing is new, no duplicates after UIDVALIDITY changes, linked by address.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EmailAccount, EmailListRow, EmailMessage, RunDetail, RunSummary } from '../../../src/shared/contract';
import { dovecotBinary } from '../../support/dovecot';
import { callOk } from '../accounts/accountsFixture';
import { ADELE, ALEX, SUPPORT, appendMessages, asMailbox, rawMessage, useEmailServers } from './emailFixture';

const setUpCommands = new Set(['CAPABILITY', 'AUTHENTICATE', 'LOGIN', 'ENABLE', 'ID', 'NAMESPACE', 'COMPRESS', 'STARTTLS', 'LOGOUT']);

if (!dovecotBinary) console.warn('Skipping the email fetching tests: Dovecot is not installed here (apt-get install dovecot-imapd).');

describe.skipIf(!dovecotBinary)('fetching email over IMAP', () => {
  const { servers, setUpConsole } = useEmailServers();

  async function personalAccount(core: Parameters<typeof callOk>[0], userId: number, folders: string[]) {
    return callOk<EmailAccount>(core, 'email.saveAccount', { fields: { kind: 'personal', userId, folders } });
  }
  const checkNow = async (core: Parameters<typeof callOk>[0], accountId: number) =>
    (await callOk<{ run: RunSummary }>(core, 'email.checkNow', { accountId })).run;
  const list = async (core: Parameters<typeof callOk>[0], search = '') =>
    callOk<{ rows: EmailListRow[]; total: number }>(core, 'email.list', { search, limit: 500 });

  it(
    'fetches 500 messages in 3 folders once, links them by address, then costs one STATUS per folder and picks up a later message',
    { timeout: 180_000 },
    async () => {
      const commands: string[] = [];
      const { core, userIds } = await setUpConsole({ mailboxes: [ADELE], ports: { onImapCommand: (command) => commands.push(command) } });
      const fabrikam = core.access.createUser({ name: 'Nestor Wilke', email: 'nestor.wilke@example.com', type: 'regular', roleIds: [] });
      await callOk(core, 'contacts.save', {
        fields: {
          kind: 'contact',
          firstName: 'Patti',
          lastName: 'Fernandez',
          emails: ['patti@fabrikam.example'],
          phones: [],
          accountName: 'Fabrikam',
        },
      });
      await callOk(core, 'contacts.save', {
        fields: { kind: 'lead', firstName: 'Lee', lastName: 'Gu', emails: ['lee@northwind.example'], phones: [], accountName: '' },
      });

      const senders = ['patti@fabrikam.example', 'lee@northwind.example', 'orders@fabrikam.example', 'someone@unknown.example'];
      const folders = { 'Fetch1-Customers': 200, 'Fetch1-Orders': 200, 'Fetch1-Archive': 100 };
      let n = 0;
      const appendStarted = Date.now();
      await asMailbox(core, userIds[0], ADELE, servers.dovecot.port, servers.emulator.caCert, async (client) => {
        for (const [folder, count] of Object.entries(folders)) {
          const raws = [];
          for (let i = 0; i < count; i++, n++) {
            raws.push(
              await rawMessage({
                from: senders[n % senders.length],
                to: ADELE,
                subject: `Order ${n}`,
                text: `Message number ${n} about order ${n}.`,
                messageId: `<fetch1-${n}@test.example>`,
                ...(n === 7 ? { to: `${ADELE}, nestor.wilke@example.com` } : {}),
              }),
            );
          }
          await appendMessages(client, folder, raws);
        }
      });

      console.log(`appended 500 messages in ${Date.now() - appendStarted} ms`);
      const account = await personalAccount(core, userIds[0], Object.keys(folders));
      const fetchStarted = Date.now();
      expect(account).toMatchObject({ kind: 'personal', address: ADELE, sendVia: 'smtp', enabled: true });
      const first = await checkNow(core, account.id);
      expect(first.status, first.summary).toBe('success');
      console.log(`fetched 500 messages in ${Date.now() - fetchStarted} ms`);
      const detail = await callOk<RunDetail>(core, 'jobs.runDetail', { runId: first.id });
      expect(detail.users).toEqual([
        expect.objectContaining({ userName: ADELE, status: 'success', fromOutlook: { created: 500, updated: 0, deleted: 0 } }),
      ]);
      expect(detail.jobId).toBe('checkEmailAccounts');
      const all = await list(core);
      expect(all.total).toBe(500);
      expect(new Set(all.rows.map((row) => row.subject)).size).toBe(500);

      // Linked by address: a contact and its company, a lead, a company by domain only, a user, and nothing for strangers.
      const bySubject = (subject: string) => all.rows.find((row) => row.subject === subject)!;
      const links = async (subject: string) =>
        (await callOk<EmailMessage>(core, 'email.get', { id: bySubject(subject).id })).links
          .map((link) => `${link.kind}:${link.name}`)
          .sort();
      expect(await links('Order 0')).toEqual(['company:Fabrikam', 'contact:Patti Fernandez']);
      expect(await links('Order 1')).toEqual(['lead:Lee Gu']);
      expect(await links('Order 2')).toEqual(['company:Fabrikam']);
      expect(await links('Order 3')).toEqual([]);
      expect(await links('Order 7')).toEqual([`user:${fabrikam.name}`]);
      expect(bySubject('Order 0').linkCount).toBe(2);
      expect((await list(core, 'number 137')).rows.map((row) => row.subject)).toEqual(['Order 137']);
      expect((await list(core, 'northwind')).total).toBe(125);

      // Nothing new: one STATUS per monitored folder and nothing else (connection set-up aside).
      commands.length = 0;
      const second = await checkNow(core, account.id);
      expect(second.summary).toContain('0 new messages in 3 folders');
      expect(commands.filter((command) => !setUpCommands.has(command))).toEqual(['STATUS', 'STATUS', 'STATUS']);
      expect((await list(core)).total).toBe(500);

      // A message appended later arrives on the next check, alone.
      const late = await rawMessage({
        from: 'patti@fabrikam.example',
        to: ADELE,
        subject: 'A late order',
        text: 'Arrived later.',
        messageId: '<fetch1-late@test.example>',
      });
      await asMailbox(core, userIds[0], ADELE, servers.dovecot.port, servers.emulator.caCert, (client) =>
        appendMessages(client, 'Fetch1-Orders', [late]),
      );
      const third = await checkNow(core, account.id);
      expect(third.summary).toContain('1 new message');
      expect((await list(core)).total).toBe(501);
      expect((await list(core, 'late order')).rows).toHaveLength(1);
    },
  );

  it('goes through a folder again when its UIDVALIDITY changes, without duplicates', async () => {
    const { core, userIds } = await setUpConsole({ mailboxes: [ADELE] });
    const raws = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        rawMessage({
          from: 'patti@fabrikam.example',
          to: ADELE,
          subject: `Renumbered ${i}`,
          text: `Body ${i}`,
          messageId: `<renumber-${i}@test.example>`,
        }),
      ),
    );
    const before = await asMailbox(core, userIds[0], ADELE, servers.dovecot.port, servers.emulator.caCert, async (client) => {
      await appendMessages(client, 'Renumber', raws);
      return (await client.status('Renumber', { uidValidity: true })) || undefined;
    });
    const account = await personalAccount(core, userIds[0], ['Renumber']);
    await checkNow(core, account.id);
    expect((await list(core)).total).toBe(20);

    // The server recreates the folder (a restore, a migration): new UIDVALIDITY, same messages, one new.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const after = await asMailbox(core, userIds[0], ADELE, servers.dovecot.port, servers.emulator.caCert, async (client) => {
      await client.mailboxDelete('Renumber');
      await appendMessages(client, 'Renumber', [
        ...raws,
        await rawMessage({
          from: 'patti@fabrikam.example',
          to: ADELE,
          subject: 'Renumbered new',
          text: 'New',
          messageId: '<renumber-new@test.example>',
        }),
      ]);
      return (await client.status('Renumber', { uidValidity: true })) || undefined;
    });
    expect(after?.uidValidity).not.toBe(before?.uidValidity);
    const run = await checkNow(core, account.id);
    expect(run.summary).toContain('1 new message');
    expect(run.summary).toContain('UIDVALIDITY changed');
    const rows = (await list(core)).rows;
    expect(rows).toHaveLength(21);
    expect(new Set(rows.map((row) => row.subject)).size).toBe(21);
  });

  it('keeps a message over the size limit as its envelope with the reason, an attachment over the limit unsaved, and fetches the others', async () => {
    const { core, userIds } = await setUpConsole({
      mailboxes: [ADELE],
      ports: { emailLimits: { maxMessageBytes: 200_000, maxAttachmentBytes: 50_000 } },
    });
    const messages = [
      await rawMessage({ from: 'patti@fabrikam.example', to: ADELE, subject: 'Small one', text: 'Hello' }),
      await rawMessage({ from: 'patti@fabrikam.example', to: ADELE, subject: 'Huge one', text: 'x'.repeat(300_000) }),
      await rawMessage({
        from: 'patti@fabrikam.example',
        to: ADELE,
        subject: 'With attachments',
        text: 'See attached',
        attachments: [
          { filename: 'big.bin', content: Buffer.alloc(100_000, 7) },
          { filename: 'small.txt', content: Buffer.from('a small file') },
        ],
      }),
      await rawMessage({ from: 'patti@fabrikam.example', to: ADELE, subject: 'After the huge one', text: 'Still fetched' }),
    ];
    await asMailbox(core, userIds[0], ADELE, servers.dovecot.port, servers.emulator.caCert, (client) =>
      appendMessages(client, 'Limits', messages),
    );
    const account = await personalAccount(core, userIds[0], ['Limits']);
    const run = await checkNow(core, account.id);
    expect(run.status).toBe('partial');
    const detail = await callOk<RunDetail>(core, 'jobs.runDetail', { runId: run.id });
    expect(detail.users[0].fromOutlook.created).toBe(3);
    expect(detail.users[0].errors).toEqual([
      expect.objectContaining({
        message: '“Huge one” in Limits',
        explanation: expect.stringMatching(/^Not fetched: 0\.\d MB is over the 0\.2 MB message limit\. The other messages were fetched\.$/),
      }),
    ]);
    const rows = (await list(core)).rows;
    expect(rows.map((row) => row.subject).sort()).toEqual(['After the huge one', 'Huge one', 'Small one', 'With attachments']);
    expect(rows.find((row) => row.subject === 'Huge one')?.skippedReason).toContain('over the 0.2 MB message limit');
    const withAttachments = await callOk<EmailMessage>(core, 'email.get', {
      id: rows.find((row) => row.subject === 'With attachments')!.id,
    });
    expect(withAttachments.attachments).toEqual([
      expect.objectContaining({
        fileName: 'big.bin',
        size: 100_000,
        skippedReason: 'Not kept: 0.1 MB is over the 0.0 MB attachment limit.',
      }),
      expect.objectContaining({ fileName: 'small.txt', skippedReason: null }),
    ]);
    const { dataDir } = await callOk<{ dataDir: string }>(core, 'app.info');
    const stored = readdirSync(join(dataDir, 'email-attachments'), { recursive: true }).filter((name) => String(name).length > 10);
    expect(stored).toHaveLength(1);
    expect(readFileSync(join(dataDir, 'email-attachments', String(stored[0]))).toString()).toBe('a small file');
    // Checked again: nothing is retried, nothing doubled.
    await checkNow(core, account.id);
    expect((await list(core)).total).toBe(4);
  });

  it('opens a shared mailbox with the token of a user who has Full Access, and explains one who has not', async () => {
    const { core, userIds } = await setUpConsole({ mailboxes: [ADELE, ALEX] });
    await asMailbox(core, userIds[0], SUPPORT, servers.dovecot.port, servers.emulator.caCert, async (client) =>
      appendMessages(client, 'INBOX', [
        await rawMessage({ from: 'patti@fabrikam.example', to: SUPPORT, subject: 'Help please', text: 'My order is late.' }),
      ]),
    );
    const shared = await callOk<EmailAccount>(core, 'email.saveAccount', {
      fields: { kind: 'group', userId: userIds[0], address: SUPPORT, folders: ['INBOX'] },
    });
    expect(shared).toMatchObject({ kind: 'group', address: SUPPORT, userName: 'Mail User 0', displayName: 'support' });
    const run = await checkNow(core, shared.id);
    expect(run.status, run.summary).toBe('success');
    expect((await list(core)).rows.map((row) => [row.accountAddress, row.subject])).toEqual([[SUPPORT, 'Help please']]);

    const refused = await callOk<EmailAccount>(core, 'email.saveAccount', {
      id: shared.id,
      fields: { kind: 'group', userId: userIds[1], address: SUPPORT, folders: ['INBOX'] },
    });
    const failed = await checkNow(core, refused.id);
    expect(failed.status).toBe('failed');
    const detail = await callOk<RunDetail>(core, 'jobs.runDetail', { runId: failed.id });
    expect(detail.users[0].errors[0].explanation).toContain(
      `The IMAP server refused the login to ${SUPPORT} with the account’s current token`,
    );
    expect(detail.users[0].errors[0].explanation).toContain('needs Full Access to it');
    const accounts = await callOk<{ accounts: EmailAccount[] }>(core, 'email.accounts', {});
    expect(accounts.accounts[0]).toMatchObject({ lastCheckStatus: 'failed', lastCheckMessage: expect.stringContaining('Fix:') });
  });

  it('explains IMAP switched off for the mailbox and a revoked grant, and never logs a token', async () => {
    const { core, userIds } = await setUpConsole({ mailboxes: [ALEX] });
    const account = await personalAccount(core, userIds[0], ['INBOX']);
    const token = await (await core.accounts.mailAccess(userIds[0]))!.accessToken();
    const alex = servers.emulator.directory.findUser(ALEX)!;
    servers.emulator.directory.imapDisabled.add(alex.id);
    try {
      const report = await callOk<{ ok: boolean; steps: Array<{ step: string; status: string; message: string; fix: string | null }> }>(
        core,
        'email.testConnection',
        { accountId: account.id },
      );
      expect(report.ok).toBe(false);
      const imap = report.steps.find((step) => step.step === 'Fetching (IMAP)')!;
      expect(imap.status).toBe('fail');
      expect(imap.message).toContain('the protocol is turned off for the mailbox');
      expect(imap.fix).toContain('IMAP or Authenticated SMTP is enabled for the mailbox');
    } finally {
      servers.emulator.directory.imapDisabled.delete(alex.id);
    }
    servers.emulator.revokeGrants(ALEX);
    const run = await checkNow(core, account.id);
    expect(run.status).toBe('failed');
    const detail = await callOk<RunDetail>(core, 'jobs.runDetail', { runId: run.id });
    expect(detail.users[0].errors[0].explanation).toMatch(/refused|Reconnect/i);
    // The log is written asynchronously: what was logged so far is read once the OS has it.
    await core.logs.flushed();
    const logDir = join((await callOk<{ dataDir: string }>(core, 'app.info')).dataDir, 'logs');
    const logText = readdirSync(logDir)
      .map((name) => readFileSync(join(logDir, name), 'utf8'))
      .join('\n');
    expect(logText).toContain(ALEX);
    expect(logText).not.toContain(token);
    expect(JSON.stringify(detail)).not.toContain(token);
  });
});
