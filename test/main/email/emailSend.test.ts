// Sending from an email account: a reply through SMTP (smtp-server standing in for Exchange's SMTP
// AUTH, then IMAP APPEND to Sent Items in Dovecot) and through the emulator's Graph sendMail, each
// refusal explained; Test connection and Send test email; a message with a script and a remote
// image shows neither.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  EmailAccount,
  EmailCheckReport,
  EmailListRow,
  EmailMessage,
  IntegrationConfig,
  SendResult,
} from '../../../src/shared/contract';
import { dovecotBinary } from '../../support/dovecot';
import { call, callOk } from '../accounts/accountsFixture';
import { ADELE, DIEGO, allMailFeatures, appendMessages, asMailbox, rawMessage, SUPPORT, useEmailServers } from './emailFixture';

type Core = Parameters<typeof callOk>[0];

describe.skipIf(!dovecotBinary)('sending email', () => {
  const { servers, setUpConsole } = useEmailServers();
  afterEach(() => servers.smtp?.smtpAuthDisabled.clear());

  /** A console with Adele's personal account monitoring `folder`, holding one message from Patti. */
  async function withFetchedMessage(
    folder: string,
    options: { sendVia?: 'smtp' | 'graph'; features?: Partial<IntegrationConfig['features']>; html?: string; mailbox?: string } = {},
  ) {
    const mailbox = options.mailbox ?? ADELE;
    const { core, userIds } = await setUpConsole({ mailboxes: [mailbox], features: options.features });
    const original = await rawMessage({
      from: 'patti@fabrikam.example',
      fromName: 'Patti Fernandez',
      to: mailbox,
      subject: 'Order 1001',
      text: 'Where is my order?',
      html: options.html,
      messageId: `<${folder}-order@fabrikam.example>`,
    });
    await asMailbox(core, userIds[0], mailbox, servers.dovecot.port, servers.emulator.caCert, (client) =>
      appendMessages(client, folder, [original]),
    );
    const account = await callOk<EmailAccount>(core, 'email.saveAccount', {
      fields: { kind: 'personal', userId: userIds[0], folders: [folder, 'Sent Items'], sendVia: options.sendVia ?? 'smtp' },
    });
    await callOk(core, 'email.checkNow', { accountId: account.id });
    const rows = (await callOk<{ rows: EmailListRow[] }>(core, 'email.list', { search: 'Order 1001' })).rows;
    return { core, userIds, account, message: rows.find((row) => row.folder === folder)! };
  }
  const reply = (core: Core, accountId: number, replyToMessageId: number) =>
    call(core, 'email.send', {
      accountId,
      to: ['patti@fabrikam.example'],
      subject: 'Re: Order 1001',
      body: 'It ships tomorrow.',
      replyToMessageId,
    });

  it('replies through SMTP as the mailbox, threads the reply, saves it to Sent Items, and keeps it once', async () => {
    const { core, userIds, account, message } = await withFetchedMessage('SendSmtp');
    const answer = await reply(core, account.id, message.id);
    expect(answer).toMatchObject({ ok: true, result: { via: 'smtp', savedToSent: 'Saved to Sent Items with IMAP APPEND.' } });
    const sent = servers.smtp.delivered.at(-1)!;
    expect(sent).toMatchObject({ login: ADELE, from: ADELE, to: ['patti@fabrikam.example'] });
    expect(sent.raw.toString()).toContain('In-Reply-To: <SendSmtp-order@fabrikam.example>');
    const messageId = (answer as { result: SendResult }).result.messageId;
    const inSent = await asMailbox(core, userIds[0], ADELE, servers.dovecot.port, servers.emulator.caCert, async (client) => {
      const lock = await client.getMailboxLock('Sent Items');
      try {
        return (await client.fetchAll('1:*', { envelope: true })).map((item) => item.envelope?.messageId);
      } finally {
        lock.release();
      }
    });
    expect(inSent).toContain(messageId);
    // The next check meets the copy in Sent Items and recognises it: still one sent message.
    await callOk(core, 'email.checkNow', { accountId: account.id });
    const rows = (await callOk<{ rows: EmailListRow[] }>(core, 'email.list', { search: 'Order 1001' })).rows;
    expect(rows.map((row) => [row.direction, row.folder]).sort()).toEqual([
      ['received', 'SendSmtp'],
      ['sent', 'Sent Items'],
    ]);
  });

  it('explains SMTP AUTH disabled for the mailbox (535 5.7.139) on a reply and on Send test email', async () => {
    const { core, account, message } = await withFetchedMessage('SendDisabled');
    servers.smtp.smtpAuthDisabled.add(ADELE);
    const refused = await reply(core, account.id, message.id);
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const text = (refused as { error: { message: string } }).error.message;
    expect(text).toContain('SMTP AUTH is disabled for the mailbox (535 5.7.139');
    expect(text).toContain('Authenticated SMTP');
    const test = await callOk<EmailCheckReport>(core, 'email.sendTest', { accountId: account.id });
    expect(test).toMatchObject({
      ok: false,
      steps: [
        {
          step: 'Send test email',
          status: 'fail',
          message: expect.stringContaining('535 5.7.139'),
          fix: expect.stringContaining('Manage email apps'),
        },
      ],
    });
    const connection = await callOk<EmailCheckReport>(core, 'email.testConnection', { accountId: account.id });
    expect(connection.steps.map((step) => [step.step, step.status])).toEqual([
      ['Mail token', 'pass'],
      ['Fetching (IMAP)', 'pass'],
      ['Sending', 'fail'],
    ]);
  });

  it('passes Test connection and sends a test email to the account itself', async () => {
    const { core, account } = await withFetchedMessage('SendTest');
    const connection = await callOk<EmailCheckReport>(core, 'email.testConnection', { accountId: account.id });
    expect(connection.ok, JSON.stringify(connection)).toBe(true);
    expect(connection.steps[1].message).toContain(`as ${ADELE}`);
    expect(connection.steps[2].message).toContain('SMTP AUTH at 127.0.0.1');
    const test = await callOk<EmailCheckReport>(core, 'email.sendTest', { accountId: account.id });
    expect(test.ok).toBe(true);
    expect(servers.smtp.delivered.at(-1)).toMatchObject({ from: ADELE, to: [ADELE] });
  });

  it('replies through Graph sendMail as MIME (threaded), which Graph saves to Sent Items', async () => {
    const { core, account, message } = await withFetchedMessage('SendGraph', { sendVia: 'graph' });
    const answer = await reply(core, account.id, message.id);
    expect(answer).toMatchObject({ ok: true, result: { via: 'graph', savedToSent: 'Microsoft Graph saved it to Sent Items.' } });
    const mailbox = servers.emulator.directory.mailbox(servers.emulator.directory.findUser(ADELE)!.id);
    expect(mailbox.sentItems.at(-1)).toMatchObject({
      format: 'mime',
      from: ADELE,
      subject: 'Re: Order 1001',
      inReplyTo: '<SendGraph-order@fabrikam.example>',
      toRecipients: ['patti@fabrikam.example'],
    });
    const connection = await callOk<EmailCheckReport>(core, 'email.testConnection', { accountId: account.id });
    expect(connection.steps.at(-1)).toMatchObject({
      step: 'Sending',
      status: 'pass',
      message: expect.stringContaining('Mail.Send is granted'),
    });
  });

  it('explains Graph refusing to send without Mail.Send, and refuses Graph for a shared mailbox or while Mail.Send is off', async () => {
    // Connected while sending through Graph was off: the account has no Mail.Send (Diego never consented to it).
    const { core, userIds, account, message } = await withFetchedMessage('SendGraphRefused', {
      features: { graphMail: false },
      mailbox: DIEGO,
    });
    const graphOff = await call(core, 'email.saveAccount', {
      id: account.id,
      fields: { kind: 'personal', userId: userIds[0], folders: ['SendGraphRefused'], sendVia: 'graph' },
    });
    expect(graphOff).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ field: 'fields.sendVia', message: expect.stringContaining('needs Mail.Send') }] },
    });
    await callOk(core, 'integration.save', { config: { ...core.integration.config(), features: allMailFeatures } });
    await callOk(core, 'email.saveAccount', {
      id: account.id,
      fields: { kind: 'personal', userId: userIds[0], folders: ['SendGraphRefused'], sendVia: 'graph' },
    });
    const connection = await callOk<EmailCheckReport>(core, 'email.testConnection', { accountId: account.id });
    expect(connection.steps.at(-1)).toMatchObject({
      step: 'Sending',
      status: 'fail',
      message: expect.stringContaining('has not granted Mail.Send'),
      fix: expect.stringContaining('reconnect the account'),
    });
    const refused = await reply(core, account.id, message.id);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('Microsoft Graph refused to send from') },
    });
    expect((refused as { error: { message: string } }).error.message).toContain('Mail.Send');
    const shared = await call(core, 'email.saveAccount', {
      fields: { kind: 'group', userId: userIds[0], address: SUPPORT, folders: ['INBOX'], sendVia: 'graph' },
    });
    expect(shared).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ field: 'fields.sendVia' }] } });
  });

  it('shows HTML without its script, event handlers, javascript: links or remote image, and the image only when asked', async () => {
    let imageRequests = 0;
    const pixel = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const imageServer: Server = createServer((_req, res) => {
      imageRequests++;
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end(pixel);
    });
    await new Promise<void>((resolve) => imageServer.listen(0, '127.0.0.1', resolve));
    const imageUrl = `http://127.0.0.1:${(imageServer.address() as AddressInfo).port}/track.png`;
    try {
      const html = `<p onclick="steal()">Hello <b>there</b></p><script>document.title='owned'</script><img src="${imageUrl}" onerror="steal()"><a href="javascript:steal()">click</a><div style="background:url(${imageUrl})">x</div><iframe src="${imageUrl}"></iframe><form action="${imageUrl}"><input name="q"></form>`;
      const { core, message } = await withFetchedMessage('SendHtml', { html });
      const shown = await callOk<EmailMessage>(core, 'email.get', { id: message.id });
      expect(shown.safeHtml).toContain('<b>there</b>');
      for (const banned of ['<script', 'onclick', 'onerror', 'javascript:', imageUrl, '<iframe', '<form', '<input', 'url('])
        expect(shown.safeHtml).not.toContain(banned);
      expect(shown.remoteImagesBlocked).toBe(1);
      expect(imageRequests).toBe(0);
      const withImages = await callOk<EmailMessage>(core, 'email.get', { id: message.id, showRemoteImages: true });
      expect(withImages.safeHtml).toContain(`src="data:image/png;base64,${pixel.toString('base64')}"`);
      expect(withImages.safeHtml).not.toContain('<script');
      expect(withImages.remoteImagesBlocked).toBe(0);
      expect(imageRequests).toBe(1);
    } finally {
      imageServer.close();
    }
  });
});
