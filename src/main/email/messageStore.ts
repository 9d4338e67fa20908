import type { DatabaseSync } from 'node:sqlite';
import { inTransaction } from '../store/transaction';
import { cachedStatements, type StatementCache } from '../store/statementCache';

export type FolderState = { uidValidity: number; uidNext: number; lastUid: number; highestModseq: string | null };

export type EmailAddress = { address: string; name: string };

export type KeptAttachment = {
  fileName: string;
  contentType: string;
  size: number;
  contentId: string | null;
  storedPath: string | null;
  skippedReason: string | null;
};

/** A message as the workspace keeps it: parsed, or only its envelope when it was too big to fetch. */
export type EmailRecord = {
  identity: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string | null;
  subject: string;
  from: EmailAddress;
  to: EmailAddress[];
  cc: EmailAddress[];
  replyTo: EmailAddress[];
  sentAt: string | null;
  receivedAt: string | null;
  size: number;
  flags: string[];
  text: string | null;
  html: string | null;
  snippet: string;
  skippedReason: string | null;
  direction: 'received' | 'sent';
  attachments: KeptAttachment[];
};

/** One message of a fetched batch: its record, or null when the server no longer had it. */
export type BatchEntry = { place: FetchedPlace; record: EmailRecord | null; bytes?: number };

/** Where a message sits on the server: its folder's UIDVALIDITY and its UID (null for a copy the console sent and has not fetched yet). */
export type ServerPlace = { folder: string; uidValidity: number | null; uid: number | null };
/** The place of a message fetched from the server: it always has one. */
export type FetchedPlace = { folder: string; uidValidity: number; uid: number };

/**
 * The writes of fetching: per-folder state and messages. Each message is committed together with
 * its folder's `last_uid`, so a check killed at any point resumes after the last message it kept
 * and never keeps one twice (identity per account and folder).
 */
export class MessageStore {
  private readonly statement: StatementCache;

  constructor(
    private readonly db: DatabaseSync,
    private readonly now: () => Date,
  ) {
    this.statement = cachedStatements(db, 64);
  }

  folderState(accountId: number, folder: string): FolderState | undefined {
    const row = this.statement(
      'SELECT uid_validity, uid_next, last_uid, highest_modseq FROM email_folder_state WHERE account_id = ? AND folder_path = ?',
    ).get(accountId, folder) as { uid_validity: number; uid_next: number; last_uid: number; highest_modseq: string | null } | undefined;
    return row && { uidValidity: row.uid_validity, uidNext: row.uid_next, lastUid: row.last_uid, highestModseq: row.highest_modseq };
  }

  saveFolderState(accountId: number, folder: string, state: FolderState): void {
    this.statement(
      `INSERT INTO email_folder_state (account_id, folder_path, uid_validity, uid_next, last_uid, highest_modseq, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, folder_path) DO UPDATE SET uid_validity = excluded.uid_validity, uid_next = excluded.uid_next,
         last_uid = excluded.last_uid, highest_modseq = excluded.highest_modseq, checked_at = excluded.checked_at`,
    ).run(accountId, folder, state.uidValidity, state.uidNext, state.lastUid, state.highestModseq, this.now().toISOString());
  }

  /** The message already kept for this identity in this folder, if any. */
  findByIdentity(accountId: number, folder: string, identity: string): number | undefined {
    const row = this.statement('SELECT id FROM email_messages WHERE account_id = ? AND folder_path = ? AND identity = ?').get(
      accountId,
      folder,
      identity,
    ) as { id: number } | undefined;
    return row?.id;
  }

  /**
   * A message met again under a new UIDVALIDITY (or a sent copy now fetched from Sent): it keeps its
   * row and takes its new place, and the folder moves past it in the same transaction.
   */
  rebind(messageRowId: number, accountId: number, place: FetchedPlace): void {
    inTransaction(this.db, () => {
      this.statement('UPDATE email_messages SET uid_validity = ?, uid = ? WHERE id = ?').run(place.uidValidity, place.uid, messageRowId);
      this.advance(accountId, place);
    });
  }

  /**
   * Keeps a batch of fetched messages and moves the folder past them, in one transaction. A message
   * already kept under its identity (the same Message-ID twice in a folder) is passed over. Returns
   * the UIDs that were kept.
   */
  keepBatch(accountId: number, entries: readonly BatchEntry[]): Set<number> {
    const kept = new Set<number>();
    inTransaction(this.db, () => {
      for (const { place, record } of entries) {
        if (record && this.findByIdentity(accountId, place.folder, record.identity) === undefined) {
          this.insert(accountId, place, record);
          kept.add(place.uid);
        } else {
          this.advance(accountId, place);
        }
      }
    });
    return kept;
  }

  /** Keeps a new message, its addresses and attachments, and moves the folder past it: all or nothing. */
  insert(accountId: number, place: ServerPlace, record: EmailRecord): number {
    return inTransaction(this.db, () => {
      const result = this.statement(
        `INSERT INTO email_messages (account_id, folder_path, uid_validity, uid, identity, message_id, in_reply_to, references_header, subject,
           from_address, from_name, sent_at, received_at, size, flags, text_body, html_body, snippet, skipped_reason, direction, fetched_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        accountId,
        place.folder,
        place.uidValidity,
        place.uid,
        record.identity,
        record.messageId,
        record.inReplyTo,
        record.references,
        record.subject,
        record.from.address,
        record.from.name,
        record.sentAt,
        record.receivedAt,
        record.size,
        JSON.stringify(record.flags),
        record.text,
        record.html,
        record.snippet,
        record.skippedReason,
        record.direction,
        this.now().toISOString(),
      );
      const id = Number(result.lastInsertRowid);
      const addAddress = this.statement('INSERT OR IGNORE INTO email_addresses (message_id, role, address, name) VALUES (?, ?, ?, ?)');
      const roles: Array<['from' | 'to' | 'cc' | 'replyTo', EmailAddress[]]> = [
        ['from', record.from.address ? [record.from] : []],
        ['to', record.to],
        ['cc', record.cc],
        ['replyTo', record.replyTo],
      ];
      for (const [role, addresses] of roles) for (const address of addresses) addAddress.run(id, role, address.address, address.name);
      const addAttachment = this.statement(
        'INSERT INTO email_attachments (message_id, file_name, content_type, size, content_id, stored_path, skipped_reason) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (const attachment of record.attachments)
        addAttachment.run(
          id,
          attachment.fileName,
          attachment.contentType,
          attachment.size,
          attachment.contentId,
          attachment.storedPath,
          attachment.skippedReason,
        );
      if (place.uid !== null && place.uidValidity !== null)
        this.advance(accountId, { folder: place.folder, uidValidity: place.uidValidity, uid: place.uid });
      return id;
    });
  }

  /** Moves the folder past a UID without keeping anything (a message already kept under another UID). */
  skipPast(accountId: number, place: FetchedPlace): void {
    this.advance(accountId, place);
  }

  updateFlags(accountId: number, folder: string, uidValidity: number, uid: number, flags: string[]): boolean {
    const result = this.statement(
      'UPDATE email_messages SET flags = ? WHERE account_id = ? AND folder_path = ? AND uid_validity = ? AND uid = ? AND flags <> ?',
    ).run(JSON.stringify(flags), accountId, folder, uidValidity, uid, JSON.stringify(flags));
    return Number(result.changes) > 0;
  }

  private advance(accountId: number, place: FetchedPlace): void {
    this.statement(
      'UPDATE email_folder_state SET last_uid = MAX(last_uid, ?) WHERE account_id = ? AND folder_path = ? AND uid_validity = ?',
    ).run(place.uid, accountId, place.folder, place.uidValidity);
  }
}
