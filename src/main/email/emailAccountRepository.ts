import type { DatabaseSync } from 'node:sqlite';
import type { EmailAccountKind, SendVia } from '../../shared/contract';

export type StoredEmailAccount = {
  id: number;
  kind: EmailAccountKind;
  userId: number;
  address: string;
  displayName: string;
  folders: string[];
  fetchSince: string | null;
  sendVia: SendVia;
  enabled: boolean;
  lastCheckAt: string | null;
  lastCheckStatus: 'success' | 'partial' | 'failed' | null;
  lastCheckMessage: string | null;
  messageCount: number;
};

export type EmailAccountRecord = Omit<StoredEmailAccount, 'id' | 'lastCheckAt' | 'lastCheckStatus' | 'lastCheckMessage' | 'messageCount'>;

type AccountRow = {
  id: number;
  kind: EmailAccountKind;
  user_id: number;
  address: string;
  display_name: string;
  folders: string;
  fetch_since: string | null;
  send_via: SendVia;
  enabled: number;
  last_check_at: string | null;
  last_check_status: StoredEmailAccount['lastCheckStatus'];
  last_check_message: string | null;
  message_count: number;
};

const selectAccount = `
  SELECT a.*, (SELECT COUNT(*) FROM email_messages m WHERE m.account_id = a.id) AS message_count
  FROM email_accounts a`;

function toAccount(row: AccountRow): StoredEmailAccount {
  return {
    id: row.id,
    kind: row.kind,
    userId: row.user_id,
    address: row.address,
    displayName: row.display_name,
    folders: JSON.parse(row.folders) as string[],
    fetchSince: row.fetch_since,
    sendVia: row.send_via,
    enabled: row.enabled === 1,
    lastCheckAt: row.last_check_at,
    lastCheckStatus: row.last_check_status,
    lastCheckMessage: row.last_check_message,
    messageCount: row.message_count,
  };
}

/** Email accounts in the workspace database (migration 8). */
export class EmailAccountRepository {
  constructor(
    private readonly db: DatabaseSync,
    private readonly now: () => Date,
  ) {}

  list(userId?: number): StoredEmailAccount[] {
    const rows =
      userId === undefined
        ? this.db.prepare(`${selectAccount} ORDER BY a.kind DESC, a.address`).all()
        : this.db.prepare(`${selectAccount} WHERE a.user_id = ? ORDER BY a.kind DESC, a.address`).all(userId);
    return (rows as AccountRow[]).map(toAccount);
  }

  find(id: number): StoredEmailAccount | undefined {
    const row = this.db.prepare(`${selectAccount} WHERE a.id = ?`).get(id) as AccountRow | undefined;
    return row && toAccount(row);
  }

  findByAddress(address: string): StoredEmailAccount | undefined {
    const row = this.db.prepare(`${selectAccount} WHERE a.address = ?`).get(address) as AccountRow | undefined;
    return row && toAccount(row);
  }

  findPersonal(userId: number): StoredEmailAccount | undefined {
    const row = this.db.prepare(`${selectAccount} WHERE a.user_id = ? AND a.kind = 'personal'`).get(userId) as AccountRow | undefined;
    return row && toAccount(row);
  }

  create(record: EmailAccountRecord): StoredEmailAccount {
    const at = this.now().toISOString();
    const result = this.db
      .prepare(
        `INSERT INTO email_accounts (kind, user_id, address, display_name, folders, fetch_since, send_via, enabled, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        record.kind,
        record.userId,
        record.address,
        record.displayName,
        JSON.stringify(record.folders),
        record.fetchSince,
        record.sendVia,
        record.enabled ? 1 : 0,
        at,
        at,
      );
    return this.find(Number(result.lastInsertRowid))!;
  }

  update(id: number, record: EmailAccountRecord): StoredEmailAccount {
    this.db
      .prepare(
        `UPDATE email_accounts SET kind = ?, user_id = ?, address = ?, display_name = ?, folders = ?, fetch_since = ?, send_via = ?, enabled = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(
        record.kind,
        record.userId,
        record.address,
        record.displayName,
        JSON.stringify(record.folders),
        record.fetchSince,
        record.sendVia,
        record.enabled ? 1 : 0,
        this.now().toISOString(),
        id,
      );
    return this.find(id)!;
  }

  delete(id: number): boolean {
    return Number(this.db.prepare('DELETE FROM email_accounts WHERE id = ?').run(id).changes) > 0;
  }

  recordCheck(id: number, status: 'success' | 'partial' | 'failed', message: string): void {
    this.db
      .prepare('UPDATE email_accounts SET last_check_at = ?, last_check_status = ?, last_check_message = ? WHERE id = ?')
      .run(this.now().toISOString(), status, message, id);
  }
}
