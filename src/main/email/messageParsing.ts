import { createHash } from 'node:crypto';
import type { AddressObject } from 'mailparser';
import type { AttachmentFiles } from './attachmentFiles';
import type { EmailAddress, EmailRecord, KeptAttachment } from './messageStore';

/** How big a message or an attachment may be before it is left on the server (recorded with the reason). */
export type EmailLimits = { maxMessageBytes: number; maxAttachmentBytes: number };
export const defaultEmailLimits: EmailLimits = { maxMessageBytes: 25 * 1024 * 1024, maxAttachmentBytes: 10 * 1024 * 1024 };

/** What the server says of a message before its body is fetched (IMAP ENVELOPE, RFC822.SIZE, FLAGS). */
export type MessageEnvelope = {
  messageId: string | null;
  inReplyTo: string | null;
  subject: string;
  from: EmailAddress[];
  to: EmailAddress[];
  cc: EmailAddress[];
  replyTo: EmailAddress[];
  date: Date | null;
  internalDate: Date | null;
  size: number;
  flags: string[];
};

export function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** `<ID@host>`, the way every client writes it; null when there is none. */
export function normaliseMessageId(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  return trimmed.startsWith('<') ? trimmed : `<${trimmed}>`;
}

/**
 * What makes a message the same message in a folder, whatever its UID: its Message-ID, or for the
 * rare message without one a fingerprint of its envelope (date, sender, subject, size).
 */
export function messageIdentity(envelope: Pick<MessageEnvelope, 'messageId' | 'date' | 'from' | 'subject' | 'size'>): string {
  const messageId = normaliseMessageId(envelope.messageId);
  if (messageId) return messageId.toLowerCase();
  const fingerprint = createHash('sha256')
    .update(
      [
        envelope.date?.toISOString() ?? '',
        envelope.from.map((address) => address.address).join(','),
        envelope.subject,
        String(envelope.size),
      ].join('\n'),
    )
    .digest('hex');
  return `envelope:${fingerprint}`;
}

/** A message whose body was not fetched: its envelope is kept so it shows in the list with the reason. */
export function envelopeOnlyRecord(envelope: MessageEnvelope, skippedReason: string): EmailRecord {
  return {
    identity: messageIdentity(envelope),
    messageId: normaliseMessageId(envelope.messageId),
    inReplyTo: normaliseMessageId(envelope.inReplyTo),
    references: null,
    subject: envelope.subject,
    from: envelope.from[0] ?? { address: '', name: '' },
    to: envelope.to,
    cc: envelope.cc,
    replyTo: envelope.replyTo,
    sentAt: envelope.date?.toISOString() ?? null,
    receivedAt: envelope.internalDate?.toISOString() ?? null,
    size: envelope.size,
    flags: envelope.flags,
    text: null,
    html: null,
    snippet: '',
    skippedReason,
    direction: 'received',
    attachments: [],
  };
}

/**
 * Parses a fetched message with mailparser (MIME, charsets, encoded words, inline images) and keeps
 * its attachments as files; an attachment over the limit is listed with the reason instead.
 */
export async function parseFetchedMessage(
  source: Buffer,
  envelope: MessageEnvelope,
  files: AttachmentFiles,
  limits: EmailLimits,
): Promise<EmailRecord> {
  const { simpleParser } = await import('mailparser');
  // No text made from HTML (it halved the parse time in the benchmark): an HTML-only message's snippet
  // comes from its markup below, and the page shows its sanitised HTML.
  const parsed = await simpleParser(source, {
    skipTextToHtml: true,
    skipTextLinks: true,
    skipHtmlToText: true,
    maxHtmlLengthToParse: 5_000_000,
  });
  const attachments: KeptAttachment[] = parsed.attachments
    // Inline images are already in the HTML as data: URIs (mailparser replaces cid: links).
    .filter(
      (attachment) =>
        !(attachment.related && attachment.contentId && typeof parsed.html === 'string' && attachment.contentType.startsWith('image/')),
    )
    .map((attachment) => {
      const base = {
        fileName: attachment.filename ?? 'attachment',
        contentType: attachment.contentType,
        size: attachment.size,
        contentId: attachment.contentId ?? null,
      };
      if (attachment.size > limits.maxAttachmentBytes) {
        return {
          ...base,
          storedPath: null,
          skippedReason: `Not kept: ${megabytes(attachment.size)} is over the ${megabytes(limits.maxAttachmentBytes)} attachment limit.`,
        };
      }
      return { ...base, storedPath: files.keep(attachment.content), skippedReason: null };
    });
  const text = parsed.text ?? null;
  const html = typeof parsed.html === 'string' ? parsed.html : null;
  const references = Array.isArray(parsed.references) ? parsed.references.join(' ') : (parsed.references ?? null);
  const headerDate = parsed.date ?? envelope.date;
  const messageId = normaliseMessageId(parsed.messageId ?? envelope.messageId);
  return {
    identity: messageIdentity({ ...envelope, messageId }),
    messageId,
    inReplyTo: normaliseMessageId(parsed.inReplyTo ?? envelope.inReplyTo),
    references,
    subject: parsed.subject ?? envelope.subject,
    from: addresses(parsed.from)[0] ?? envelope.from[0] ?? { address: '', name: '' },
    to: parsed.to ? addresses(parsed.to) : envelope.to,
    cc: parsed.cc ? addresses(parsed.cc) : envelope.cc,
    replyTo: parsed.replyTo ? addresses(parsed.replyTo) : envelope.replyTo,
    sentAt: headerDate && !Number.isNaN(headerDate.getTime()) ? headerDate.toISOString() : null,
    receivedAt: envelope.internalDate?.toISOString() ?? null,
    size: envelope.size || source.length,
    flags: envelope.flags,
    text,
    html,
    snippet: snippetOf(text ?? htmlToPlain(html ?? '')),
    skippedReason: null,
    direction: 'received',
    attachments,
  };
}

function addresses(value: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  if (!value) return [];
  const flat: EmailAddress[] = [];
  const visit = (entries: AddressObject['value']) => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group);
      else if (entry.address) flat.push({ address: entry.address.toLowerCase(), name: entry.name ?? '' });
    }
  };
  for (const object of Array.isArray(value) ? value : [value]) visit(object.value);
  return flat;
}

function htmlToPlain(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ');
}

function snippetOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}
