import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { EmailListRow } from '../../shared/contract';
import type { AddressLinks } from './addressLinks';

type ListRow = {
  id: number;
  account_id: number;
  account_address: string;
  folder_path: string;
  subject: string;
  from_address: string;
  from_name: string;
  sent_at: string | null;
  snippet: string;
  direction: 'received' | 'sent';
  skipped_reason: string | null;
  attachments: number;
};

export type StoredMessage = ListRow & {
  message_id: string | null;
  in_reply_to: string | null;
  references_header: string | null;
  text_body: string | null;
  html_body: string | null;
};

export type MessageAddress = { role: 'from' | 'to' | 'cc' | 'replyTo'; address: string; name: string };
export type MessageAttachment = {
  id: number;
  file_name: string;
  content_type: string;
  size: number;
  stored_path: string | null;
  skipped_reason: string | null;
};

const listColumns = `m.id, m.account_id, a.address AS account_address, m.folder_path, m.subject, m.from_address, m.from_name, m.sent_at, m.snippet,
  m.direction, m.skipped_reason, (SELECT COUNT(*) FROM email_attachments t WHERE t.message_id = m.id) AS attachments`;

/** Every word must appear in the subject, the sender, a recipient or the text's opening. */
function searchClause(search: string): { sql: string; params: SQLInputValue[] } {
  const words = search.split(/\s+/).filter(Boolean).slice(0, 8);
  const clauses = words.map(
    () => `(m.subject || ' ' || m.from_name || ' ' || m.from_address || ' ' || m.snippet || ' ' ||
            COALESCE((SELECT group_concat(d.address || ' ' || d.name, ' ') FROM email_addresses d WHERE d.message_id = m.id), '')) LIKE ? ESCAPE '\\'`,
  );
  return {
    sql: clauses.map((clause) => ` AND ${clause}`).join(''),
    params: words.map((word) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
  };
}

/** Reads of fetched mail for the Email page: the list (newest first, searched) and one message. */
export class MessageQueries {
  constructor(
    private readonly db: DatabaseSync,
    private readonly links: AddressLinks,
  ) {}

  list(query: { accountIds: readonly number[]; search: string; offset: number; limit: number }): { rows: EmailListRow[]; total: number } {
    if (query.accountIds.length === 0) return { rows: [], total: 0 };
    const accounts = ` AND m.account_id IN (${query.accountIds.map(() => '?').join(',')})`;
    const search = searchClause(query.search);
    const where = `WHERE 1 = 1${accounts}${search.sql}`;
    const params = [...query.accountIds, ...search.params];
    const total = (this.db.prepare(`SELECT COUNT(*) AS total FROM email_messages m ${where}`).get(...params) as { total: number }).total;
    const rows = this.db
      .prepare(
        `SELECT ${listColumns} FROM email_messages m JOIN email_accounts a ON a.id = m.account_id ${where} ORDER BY COALESCE(m.sent_at, m.fetched_at) DESC, m.id DESC LIMIT ? OFFSET ?`,
      )
      .all(...params, query.limit, query.offset) as ListRow[];
    const addresses = this.addressesOf(rows.map((row) => row.id));
    const linksByAddress = this.links.linksFor([...addresses.values()].flat().map((entry) => entry.address));
    return {
      rows: rows.map((row) => {
        const linked = new Set(
          (addresses.get(row.id) ?? []).flatMap((entry) =>
            (linksByAddress.get(entry.address.toLowerCase()) ?? []).map((record) => `${record.kind}:${record.id}`),
          ),
        );
        return toListRow(row, linked.size);
      }),
      total,
    };
  }

  find(id: number): StoredMessage | undefined {
    return this.db
      .prepare(
        `SELECT ${listColumns}, m.message_id, m.in_reply_to, m.references_header, m.text_body, m.html_body FROM email_messages m JOIN email_accounts a ON a.id = m.account_id WHERE m.id = ?`,
      )
      .get(id) as StoredMessage | undefined;
  }

  addresses(messageId: number): MessageAddress[] {
    return this.addressesOf([messageId]).get(messageId) ?? [];
  }

  attachments(messageId: number): MessageAttachment[] {
    return this.db
      .prepare(
        'SELECT id, file_name, content_type, size, stored_path, skipped_reason FROM email_attachments WHERE message_id = ? ORDER BY id',
      )
      .all(messageId) as MessageAttachment[];
  }

  private addressesOf(ids: readonly number[]): Map<number, MessageAddress[]> {
    const byMessage = new Map<number, MessageAddress[]>();
    if (ids.length === 0) return byMessage;
    const rows = this.db
      .prepare(`SELECT message_id, role, address, name FROM email_addresses WHERE message_id IN (${ids.map(() => '?').join(',')})`)
      .all(...ids) as Array<MessageAddress & { message_id: number }>;
    for (const row of rows)
      byMessage.set(row.message_id, [...(byMessage.get(row.message_id) ?? []), { role: row.role, address: row.address, name: row.name }]);
    return byMessage;
  }
}

export function toListRow(row: ListRow, linkCount: number): EmailListRow {
  return {
    id: row.id,
    accountId: row.account_id,
    accountAddress: row.account_address,
    folder: row.folder_path,
    subject: row.subject,
    from: { address: row.from_address, name: row.from_name },
    sentAt: row.sent_at,
    snippet: row.snippet,
    direction: row.direction,
    hasAttachments: row.attachments > 0,
    skippedReason: row.skipped_reason,
    linkCount,
  };
}
