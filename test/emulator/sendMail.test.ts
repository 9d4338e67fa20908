// Graph's sendMail as the *user: sendMail* page documents it, and the refusals it gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoTenant } from './demoTenant.ts';
import type { Emulator } from './server.ts';
import { graph, signIn, startDemoEmulator } from './support/session.ts';

const ADELE = 'adele.vance@contoso.onmicrosoft.com';
const withMailSend = 'openid profile offline_access User.Read Mail.Send';

let emulator: Emulator;
let demo: DemoTenant;
beforeAll(async () => {
  ({ emulator, demo } = await startDemoEmulator());
});
afterAll(() => emulator.stop());

const jsonMessage = (extra: Record<string, unknown> = {}) => ({
  message: {
    subject: 'Lunch?',
    body: { contentType: 'Text', content: 'At noon.' },
    toRecipients: [{ emailAddress: { address: 'patti@fabrikam.example' } }],
    ...extra,
  },
});

function mime(headers: string, body = 'Hello.'): string {
  return Buffer.from(`${headers}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`).toString('base64');
}

describe('sendMail', () => {
  it('accepts the JSON shape with 202 and no body, and saves to Sent Items unless saveToSentItems is false', async () => {
    const { access_token: token } = await signIn(emulator, demo, ADELE, withMailSend);
    const sent = await graph(emulator, token, '/me/sendMail', { method: 'POST', body: jsonMessage() });
    expect(sent).toMatchObject({ status: 202, json: null });
    const mailbox = emulator.directory.mailbox(emulator.directory.findUser(ADELE)!.id);
    expect(mailbox.sentItems.at(-1)).toMatchObject({
      format: 'json',
      subject: 'Lunch?',
      from: ADELE,
      toRecipients: ['patti@fabrikam.example'],
    });
    const notSaved = await graph(emulator, token, `/users/${ADELE}/sendMail`, {
      method: 'POST',
      body: { ...jsonMessage({ subject: 'Not kept' }), saveToSentItems: false },
    });
    expect(notSaved.status).toBe(202);
    expect(mailbox.sentItems.map((item) => item.subject)).not.toContain('Not kept');
    expect(emulator.directory.sentMail.map((item) => item.subject)).toContain('Not kept');
  });

  it('accepts a base64 MIME message as text/plain and keeps its threading headers', async () => {
    const { access_token: token } = await signIn(emulator, demo, ADELE, withMailSend);
    const body = mime(
      `From: ${ADELE}\r\nTo: patti@fabrikam.example\r\nSubject: Re: Order\r\nMessage-ID: <reply-1@contoso.example>\r\nIn-Reply-To: <order-1@fabrikam.example>`,
    );
    const sent = await graph(emulator, token, '/me/sendMail', {
      method: 'POST',
      body: undefined,
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(sent.status).toBe(400);
    const answer = await rawPost(token, body, 'text/plain');
    expect(answer.status).toBe(202);
    expect(emulator.directory.sentMail.at(-1)).toMatchObject({
      format: 'mime',
      internetMessageId: '<reply-1@contoso.example>',
      inReplyTo: '<order-1@fabrikam.example>',
      toRecipients: ['patti@fabrikam.example'],
    });
  });

  it('refuses without Mail.Send, for another user’s mailbox, bad base64, non-x- headers, no recipients and another sender', async () => {
    // Entra puts every consented permission of the resource in the token: a user who never consented to Mail.Send.
    const { access_token: noSend } = await signIn(
      emulator,
      demo,
      'diego.siciliani@contoso.onmicrosoft.com',
      'openid profile offline_access User.Read',
    );
    expect(await graph(emulator, noSend, '/me/sendMail', { method: 'POST', body: jsonMessage() })).toMatchObject({
      status: 403,
      json: { error: { code: 'ErrorAccessDenied' } },
    });
    const { access_token: token } = await signIn(emulator, demo, ADELE, withMailSend);
    expect(
      await graph(emulator, token, '/users/alex.wilber@contoso.onmicrosoft.com/sendMail', { method: 'POST', body: jsonMessage() }),
    ).toMatchObject({ status: 403, json: { error: { code: 'ErrorAccessDenied' } } });
    expect(JSON.parse((await rawPost(token, 'not base64 at all!', 'text/plain')).body)).toMatchObject({
      error: { code: 'ErrorMimeContentInvalidBase64String', message: 'Invalid base64 string for MIME content.' },
    });
    expect(
      await graph(emulator, token, '/me/sendMail', {
        method: 'POST',
        body: jsonMessage({ internetMessageHeaders: [{ name: 'In-Reply-To', value: '<a@b>' }] }),
      }),
    ).toMatchObject({
      status: 400,
      json: {
        error: {
          code: 'InvalidInternetMessageHeader',
          message: "The internet message header name 'In-Reply-To' should start with 'x-' or 'X-'.",
        },
      },
    });
    expect(
      (
        await graph(emulator, token, '/me/sendMail', {
          method: 'POST',
          body: jsonMessage({ internetMessageHeaders: [{ name: 'X-Order', value: '1' }] }),
        })
      ).status,
    ).toBe(202);
    expect(await graph(emulator, token, '/me/sendMail', { method: 'POST', body: jsonMessage({ toRecipients: [] }) })).toMatchObject({
      status: 400,
      json: { error: { code: 'ErrorInvalidRecipients' } },
    });
    expect(await graph(emulator, token, '/me/sendMail', { method: 'POST', body: {} })).toMatchObject({
      status: 400,
      json: { error: { code: 'ErrorInvalidParameter' } },
    });
    expect(
      await graph(emulator, token, '/me/sendMail', {
        method: 'POST',
        body: jsonMessage({ from: { emailAddress: { address: 'ceo@contoso.onmicrosoft.com' } } }),
      }),
    ).toMatchObject({ status: 403, json: { error: { code: 'ErrorSendAsDenied' } } });
    const other = await rawPost(
      token,
      mime('From: ceo@contoso.onmicrosoft.com\r\nTo: patti@fabrikam.example\r\nSubject: Hi'),
      'text/plain',
    );
    expect(JSON.parse(other.body)).toMatchObject({ error: { code: 'ErrorSendAsDenied' } });
  });

  async function rawPost(token: string, body: string, contentType: string) {
    const { httpsRequest } = await import('./support/trustedHttp.ts');
    return httpsRequest(`${emulator.graphBaseUrl}/v1.0/me/sendMail`, emulator.caCert, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType },
      body,
    });
  }
});
