// POST /me/sendMail and /users/{id}/sendMail: Microsoft's *user: sendMail* page. The message comes
// as JSON ({ message, saveToSentItems }, Content-Type application/json) or as a base64 MIME message
// (Content-Type text/plain); success is 202 Accepted with no body; Mail.Send is checked by the router.
import { simpleParser, type AddressObject } from 'mailparser';
import { header, type EmulatorResponse } from '../http.ts';
import { newItemId } from '../ids.ts';
import type { SentMessage } from '../store.ts';
import type { GraphCall, GraphContext } from './context.ts';
import { graphError } from './errors.ts';

type Recipient = { emailAddress?: { address?: string; name?: string } };

const accepted = (): EmulatorResponse => ({ status: 202, headers: {}, body: '' });

export async function routeMail(ctx: GraphContext, call: GraphCall): Promise<EmulatorResponse | null> {
  if (call.rest !== '/sendMail') return null;
  const { req } = call;
  const now = ctx.clock.date();
  if (req.method !== 'POST') return graphError(req, 405, 'ErrorInvalidRequest', 'The OData request is not supported.', { now });
  const contentType = (header(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
  let sent: Omit<SentMessage, 'id' | 'sentDateTime'> | EmulatorResponse;
  let save = true;
  if (contentType === 'text/plain') {
    sent = await fromMime(call, now);
  } else if (contentType === 'application/json') {
    const parsed = fromJson(call, now);
    if ('status' in parsed) return parsed;
    sent = parsed.message;
    save = parsed.save;
  } else {
    // The page: "Use application/json for a JSON object and text/plain for MIME content." Code and message: our choice.
    return graphError(
      req,
      415,
      'UnsupportedMediaType',
      `The Content-Type '${contentType || '(none)'}' is not supported: use application/json or text/plain.`,
      { now },
    );
  }
  if ('status' in sent) return sent;
  if (sent.toRecipients.length + sent.ccRecipients.length === 0) {
    return graphError(
      req,
      400,
      'ErrorInvalidRecipients',
      "At least one recipient isn't valid., A message can't be sent because it contains no recipients.",
      { now },
    );
  }
  if (sent.from && sent.from.toLowerCase() !== call.user.userPrincipalName.toLowerCase()) {
    return graphError(
      req,
      403,
      'ErrorSendAsDenied',
      'The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.',
      { now },
    );
  }
  const message: SentMessage = {
    ...sent,
    from: call.user.userPrincipalName,
    id: newItemId(),
    sentDateTime: now.toISOString().replace(/\.\d+Z$/, 'Z'),
  };
  ctx.directory.sentMail.push(message);
  if (save) call.mailbox.sentItems.push(message);
  return accepted();
}

function fromJson(call: GraphCall, now: Date): { message: Omit<SentMessage, 'id' | 'sentDateTime'>; save: boolean } | EmulatorResponse {
  const { req } = call;
  let body: { message?: Record<string, unknown>; saveToSentItems?: unknown };
  try {
    body = JSON.parse(req.body || 'null') ?? {};
  } catch {
    return graphError(
      req,
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      { now },
    );
  }
  const message = body.message;
  if (!message || typeof message !== 'object')
    return graphError(req, 400, 'ErrorInvalidParameter', "The value of the parameter 'Message' is empty.", { now });
  for (const entry of (message.internetMessageHeaders as Array<{ name?: string }> | undefined) ?? []) {
    // Only custom headers may be set (public report: terminal42/contao-notification_center issue 436).
    if (!/^x-/i.test(entry.name ?? ''))
      return graphError(
        req,
        400,
        'InvalidInternetMessageHeader',
        `The internet message header name '${entry.name}' should start with 'x-' or 'X-'.`,
        { now },
      );
  }
  const content = (message.body as { contentType?: string; content?: string } | undefined) ?? {};
  if (content.contentType !== undefined && !/^(text|html)$/i.test(content.contentType)) {
    return graphError(req, 400, 'RequestBodyRead', `Requested value '${content.contentType}' was not found.`, { now });
  }
  const addresses = (list: unknown) =>
    ((list as Recipient[] | undefined) ?? []).map((recipient) => recipient.emailAddress?.address ?? '').filter(Boolean);
  const from = (message.from as Recipient | undefined)?.emailAddress?.address ?? '';
  return {
    save: body.saveToSentItems !== false,
    message: {
      format: 'json',
      from,
      subject: String(message.subject ?? ''),
      toRecipients: addresses(message.toRecipients),
      ccRecipients: addresses(message.ccRecipients),
      internetMessageId: `<${newItemId().slice(0, 24)}@emulator.outlook.com>`,
      inReplyTo: null,
      bodyText: String(content.content ?? ''),
    },
  };
}

async function fromMime(call: GraphCall, now: Date): Promise<Omit<SentMessage, 'id' | 'sentDateTime'> | EmulatorResponse> {
  const { req } = call;
  const text = req.body.replace(/\s+/g, '');
  // The page: malformed MIME content gets 400 with ErrorMimeContentInvalidBase64String.
  if (!text || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    return graphError(req, 400, 'ErrorMimeContentInvalidBase64String', 'Invalid base64 string for MIME content.', { now });
  }
  const parsed = await simpleParser(Buffer.from(text, 'base64'));
  const addresses = (value: AddressObject | AddressObject[] | undefined) =>
    (Array.isArray(value) ? value : value ? [value] : [])
      .flatMap((object) => object.value.map((entry) => entry.address ?? ''))
      .filter(Boolean);
  return {
    format: 'mime',
    from: addresses(parsed.from)[0] ?? '',
    subject: parsed.subject ?? '',
    toRecipients: addresses(parsed.to),
    ccRecipients: addresses(parsed.cc),
    internetMessageId: parsed.messageId ?? `<${newItemId().slice(0, 24)}@emulator.outlook.com>`,
    inReplyTo: parsed.inReplyTo ?? null,
    bodyText: parsed.text ?? '',
  };
}
