import type { DatabaseSync } from 'node:sqlite';
import type { AccountStatus } from '../../shared/contract';
import { cachedStatements, type StatementCache } from '../store/statementCache';

/** One row of `outlook_accounts` (migration 5): facts about a connection, never a token. */
export type StoredAccount = {
  userId: number;
  homeAccountId: string;
  userPrincipalName: string;
  displayName: string;
  status: AccountStatus;
  grantedScopes: string[];
  requestedScopes: string[];
  connectedAt: string;
  lastRefreshAt: string | null;
  problemCode: string | null;
};

type Row = {
  user_id: number;
  home_account_id: string;
  user_principal_name: string;
  display_name: string;
  status: AccountStatus;
  granted_scopes: string;
  requested_scopes: string;
  connected_at: string;
  last_refresh_at: string | null;
  problem_code: string | null;
};

function fromRow(row: Row): StoredAccount {
  return {
    userId: row.user_id,
    homeAccountId: row.home_account_id,
    userPrincipalName: row.user_principal_name,
    displayName: row.display_name,
    status: row.status,
    grantedScopes: JSON.parse(row.granted_scopes) as string[],
    requestedScopes: JSON.parse(row.requested_scopes) as string[],
    connectedAt: row.connected_at,
    lastRefreshAt: row.last_refresh_at,
    problemCode: row.problem_code,
  };
}

export class AccountRepository {
  // Read for every mailbox a sync run starts: prepared once, not per call (issue 17's scale profile).
  private readonly statement: StatementCache;

  constructor(
    db: DatabaseSync,
    private readonly now: () => Date,
  ) {
    this.statement = cachedStatements(db);
  }

  find(userId: number): StoredAccount | undefined {
    const row = this.statement('SELECT * FROM outlook_accounts WHERE user_id = ?').get(userId) as Row | undefined;
    return row && fromRow(row);
  }

  /** The accounts in one state: the status bar asks for those needing a reconnect once a second while 10,000 refresh. */
  withStatus(status: StoredAccount['status']): StoredAccount[] {
    return (this.statement('SELECT * FROM outlook_accounts WHERE status = ? ORDER BY user_id').all(status) as Row[]).map(fromRow);
  }

  list(): StoredAccount[] {
    return (this.statement('SELECT * FROM outlook_accounts ORDER BY user_id').all() as Row[]).map(fromRow);
  }

  save(account: StoredAccount): void {
    this.statement(
      `INSERT INTO outlook_accounts (user_id, home_account_id, user_principal_name, display_name, status, granted_scopes, requested_scopes, connected_at, last_refresh_at, problem_code, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(user_id) DO UPDATE SET home_account_id = excluded.home_account_id, user_principal_name = excluded.user_principal_name,
           display_name = excluded.display_name, status = excluded.status, granted_scopes = excluded.granted_scopes,
           requested_scopes = excluded.requested_scopes, connected_at = excluded.connected_at, last_refresh_at = excluded.last_refresh_at,
           problem_code = excluded.problem_code, updated_at = excluded.updated_at`,
    ).run(
      account.userId,
      account.homeAccountId,
      account.userPrincipalName,
      account.displayName,
      account.status,
      JSON.stringify(account.grantedScopes),
      JSON.stringify(account.requestedScopes),
      account.connectedAt,
      account.lastRefreshAt,
      account.problemCode,
      this.now().toISOString(),
    );
  }

  recordRefresh(userId: number, at: Date, grantedScopes: string[]): void {
    this.statement(
      "UPDATE outlook_accounts SET last_refresh_at = ?, granted_scopes = ?, status = 'connected', problem_code = NULL, updated_at = ? WHERE user_id = ?",
    ).run(at.toISOString(), JSON.stringify(grantedScopes), this.now().toISOString(), userId);
  }

  setStatus(userId: number, status: AccountStatus, problemCode: string | null): void {
    this.statement('UPDATE outlook_accounts SET status = ?, problem_code = ?, updated_at = ? WHERE user_id = ?').run(
      status,
      problemCode,
      this.now().toISOString(),
      userId,
    );
  }
}
