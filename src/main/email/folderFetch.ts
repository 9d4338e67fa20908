import type { FetchMessageObject, ImapFlow, MailboxObject, MessageAddressObject } from 'imapflow';
import type { AttachmentFiles } from './attachmentFiles';
import {
  envelopeOnlyRecord,
  megabytes,
  messageIdentity,
  parseFetchedMessage,
  type EmailLimits,
  type MessageEnvelope,
} from './messageParsing';
import type { BatchEntry, FolderState, MessageStore } from './messageStore';

export type FolderFetchContext = {
  client: ImapFlow;
  store: MessageStore;
  files: AttachmentFiles;
  limits: EmailLimits;
  accountId: number;
  /** The mailbox's own address: a message from it is one the mailbox sent. */
  accountAddress: string;
  /** Mail older than this is not fetched on a folder's first pass. */
  fetchSince: Date | null;
  /** Stop between messages when aborted (shutdown); what was kept stays kept. */
  signal?: AbortSignal;
};

export type SkippedMessage = { uid: number; subject: string; reason: string };

export type FolderFetchOutcome = {
  folder: string;
  /** Nothing new: answered by one STATUS command. */
  upToDate: boolean;
  /** The folder's UIDVALIDITY changed: it was gone through again, matching what was kept by identity. */
  restarted: boolean;
  fetched: number;
  /** Already kept under an earlier UID (a restarted folder, a copy the console sent): not fetched again. */
  alreadyKept: number;
  skipped: SkippedMessage[];
  flagsUpdated: number;
  bytes: number;
  interrupted: boolean;
};

/** At most this many messages, or this many bytes, are fetched in one FETCH: memory stays bounded, round trips few. */
const batchMessages = 25;
const batchBytes = 16 * 1024 * 1024;

/**
 * One folder, incrementally. A STATUS with the stored UIDNEXT, UIDVALIDITY and (CONDSTORE)
 * HIGHESTMODSEQ answers "nothing new" in one round trip. Otherwise the folder is examined
 * (read-only), the envelopes after the last kept UID are read, and the bodies fetched in batches,
 * each message committed with the folder's progress, in UID order.
 */
export async function fetchFolder(context: FolderFetchContext, folder: string): Promise<FolderFetchOutcome> {
  const { client, store, accountId } = context;
  const outcome: FolderFetchOutcome = {
    folder,
    upToDate: false,
    restarted: false,
    fetched: 0,
    alreadyKept: 0,
    skipped: [],
    flagsUpdated: 0,
    bytes: 0,
    interrupted: false,
  };
  const status = await client.status(folder, { uidValidity: true, uidNext: true, highestModseq: true });
  if (!status || status.uidValidity === undefined || status.uidNext === undefined)
    throw new Error(`The server gave no status for the folder “${folder}”.`);
  const stored = store.folderState(accountId, folder);
  const statusModseq = status.highestModseq?.toString() ?? null;
  if (
    stored &&
    stored.uidValidity === Number(status.uidValidity) &&
    stored.uidNext === status.uidNext &&
    (statusModseq === null || stored.highestModseq === statusModseq)
  ) {
    return { ...outcome, upToDate: true };
  }

  const lock = await client.getMailboxLock(folder, { readOnly: true });
  try {
    const mailbox = client.mailbox as MailboxObject;
    const uidValidity = Number(mailbox.uidValidity);
    let state: FolderState = stored ?? { uidValidity, uidNext: 0, lastUid: 0, highestModseq: null };
    if (state.uidValidity !== uidValidity) {
      // A new UIDVALIDITY voids every UID: go through the folder again; identity finds what was kept.
      outcome.restarted = stored !== undefined;
      state = { uidValidity, uidNext: 0, lastUid: 0, highestModseq: null };
    }
    if (!stored || outcome.restarted) store.saveFolderState(accountId, folder, state);

    if (mailbox.exists > 0 && mailbox.uidNext > state.lastUid + 1) {
      await fetchNewMessages(context, folder, uidValidity, state.lastUid, outcome);
    }
    const modseq = mailbox.highestModseq?.toString() ?? null;
    if (!outcome.interrupted && state.highestModseq && modseq && state.highestModseq !== modseq && state.lastUid > 0) {
      outcome.flagsUpdated = await updateChangedFlags(context, folder, uidValidity, state);
    }
    if (!outcome.interrupted) {
      const lastUid = Math.max(store.folderState(accountId, folder)?.lastUid ?? 0, mailbox.uidNext - 1);
      store.saveFolderState(accountId, folder, {
        uidValidity,
        uidNext: Math.max(mailbox.uidNext, lastUid + 1),
        lastUid,
        highestModseq: modseq,
      });
    }
  } finally {
    lock.release();
  }
  return outcome;
}

type Planned = { uid: number; envelope: MessageEnvelope; action: 'fetch' | 'alreadyKept' | 'tooBig'; keptId?: number };

async function fetchNewMessages(
  context: FolderFetchContext,
  folder: string,
  uidValidity: number,
  lastUid: number,
  outcome: FolderFetchOutcome,
): Promise<void> {
  const { client, store, accountId, limits } = context;
  let range = `${lastUid + 1}:*`;
  if (context.fetchSince && lastUid === 0) {
    const found = await client.search({ uid: range, since: context.fetchSince }, { uid: true });
    if (!found || found.length === 0) return;
    range = found.join(',');
  }
  const listed = await client.fetchAll(range, { uid: true, envelope: true, size: true, flags: true, internalDate: true }, { uid: true });
  // "N:*" names the last message even when its UID is below N (RFC 3501 §6.4.8): keep only what is new.
  const plan: Planned[] = listed
    .filter((message) => message.uid > lastUid)
    .sort((a, b) => a.uid - b.uid)
    .map((message) => {
      const envelope = envelopeOf(message);
      const keptId = store.findByIdentity(accountId, folder, messageIdentity(envelope));
      if (keptId !== undefined) return { uid: message.uid, envelope, action: 'alreadyKept', keptId };
      return { uid: message.uid, envelope, action: envelope.size > limits.maxMessageBytes ? 'tooBig' : 'fetch' };
    });

  // Strictly in UID order: the folder's progress only ever moves past messages that are kept.
  let batch: Planned[] = [];
  let batchSize = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    batchSize = 0;
    await fetchBatch(context, folder, uidValidity, current, outcome);
  };
  for (const item of plan) {
    if (context.signal?.aborted) {
      outcome.interrupted = true;
      break;
    }
    if (item.action === 'fetch') {
      batch.push(item);
      batchSize += item.envelope.size;
      if (batch.length >= batchMessages || batchSize >= batchBytes) await flush();
      continue;
    }
    await flush();
    if (outcome.interrupted) break;
    const place = { folder, uidValidity, uid: item.uid };
    if (item.action === 'alreadyKept') {
      store.rebind(item.keptId!, accountId, place);
      outcome.alreadyKept++;
    } else {
      const reason = `Not fetched: ${megabytes(item.envelope.size)} is over the ${megabytes(limits.maxMessageBytes)} message limit.`;
      const record = envelopeOnlyRecord(item.envelope, reason);
      if (store.findByIdentity(accountId, folder, record.identity) === undefined) store.insert(accountId, place, record);
      else store.skipPast(accountId, place);
      outcome.skipped.push({ uid: item.uid, subject: item.envelope.subject, reason });
    }
  }
  if (!outcome.interrupted) await flush();
}

async function fetchBatch(
  context: FolderFetchContext,
  folder: string,
  uidValidity: number,
  items: Planned[],
  outcome: FolderFetchOutcome,
): Promise<void> {
  const { client, store, accountId } = context;
  const sources = new Map<number, Buffer>();
  for (const message of await client.fetchAll(items.map((item) => item.uid).join(','), { uid: true, source: true }, { uid: true })) {
    if (message.source) sources.set(message.uid, message.source);
  }
  // Parsed first, then kept in one transaction with the folder's progress: one commit per batch.
  const kept: BatchEntry[] = [];
  for (const item of items) {
    if (context.signal?.aborted) {
      outcome.interrupted = true;
      break;
    }
    const place = { folder, uidValidity, uid: item.uid };
    const source = sources.get(item.uid);
    if (!source) {
      // Expunged between the envelope and the body: nothing to keep, move on.
      kept.push({ place, record: null });
      continue;
    }
    try {
      const record = await parseFetchedMessage(source, item.envelope, context.files, context.limits);
      kept.push({ place, record: { ...record, direction: directionOf(record.from.address, context) }, bytes: source.length });
    } catch (error) {
      // One message that cannot be read must not stop the others: keep its envelope with the reason.
      const record = envelopeOnlyRecord(item.envelope, `Not readable: ${(error as Error).message}`);
      kept.push({ place, record });
      outcome.skipped.push({ uid: item.uid, subject: item.envelope.subject, reason: record.skippedReason! });
    }
  }
  const inserted = store.keepBatch(accountId, kept);
  for (const entry of kept) {
    if (!entry.record || !inserted.has(entry.place.uid)) outcome.alreadyKept += entry.record ? 1 : 0;
    else if (entry.record.skippedReason === null) {
      outcome.fetched++;
      outcome.bytes += entry.bytes ?? 0;
    }
  }
}

/** CONDSTORE: only the flags changed since the stored HIGHESTMODSEQ, in one FETCH. */
async function updateChangedFlags(context: FolderFetchContext, folder: string, uidValidity: number, state: FolderState): Promise<number> {
  const changed = await context.client.fetchAll(
    `1:${state.lastUid}`,
    { uid: true, flags: true },
    { uid: true, changedSince: BigInt(state.highestModseq!) },
  );
  let updated = 0;
  for (const message of changed) {
    if (context.store.updateFlags(context.accountId, folder, uidValidity, message.uid, [...(message.flags ?? [])].sort())) updated++;
  }
  return updated;
}

function directionOf(from: string, context: FolderFetchContext): 'sent' | 'received' {
  return from.toLowerCase() === context.accountAddress.toLowerCase() ? 'sent' : 'received';
}

function envelopeOf(message: FetchMessageObject): MessageEnvelope {
  const envelope = message.envelope ?? {};
  const date = envelope.date ? new Date(envelope.date) : null;
  const internalDate = message.internalDate ? new Date(message.internalDate) : null;
  return {
    messageId: envelope.messageId ?? null,
    inReplyTo: envelope.inReplyTo ?? null,
    subject: envelope.subject ?? '',
    from: addressList(envelope.from),
    to: addressList(envelope.to),
    cc: addressList(envelope.cc),
    replyTo: addressList(envelope.replyTo),
    date: date && !Number.isNaN(date.getTime()) ? date : null,
    internalDate: internalDate && !Number.isNaN(internalDate.getTime()) ? internalDate : null,
    size: message.size ?? 0,
    flags: [...(message.flags ?? [])].sort(),
  };
}

function addressList(list: MessageAddressObject[] | undefined): MessageEnvelope['from'] {
  return (list ?? []).filter((entry) => entry.address).map((entry) => ({ address: entry.address!.toLowerCase(), name: entry.name ?? '' }));
}
