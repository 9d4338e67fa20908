/**
 * Numbered migrations of the workspace database. Append only: a released migration never
 * changes, a new one gets the next number. Features add their tables here as they land.
 */
export type Migration = { version: number; name: string; sql: string };

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'app metadata',
    sql: `
      CREATE TABLE app_meta (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'access control: users, roles, scopes and the audit log',
    // Users are deactivated, never deleted: their history (audit entries, sync records) keeps
    // pointing at them. Emails are unique whatever their case.
    sql: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        email TEXT NOT NULL COLLATE NOCASE UNIQUE,
        type TEXT NOT NULL CHECK (type IN ('administrator', 'regular')),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deactivated_at TEXT
      ) STRICT;
      CREATE TABLE roles (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      -- One row per scope a role enables; no row means "not set".
      CREATE TABLE role_scopes (
        role_id INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
        scope TEXT NOT NULL CHECK (scope IN ('externalAccounts', 'outlookCalendar', 'outlookContacts')),
        PRIMARY KEY (role_id, scope)
      ) STRICT;
      CREATE TABLE user_roles (
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role_id INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, role_id)
      ) STRICT;
      CREATE INDEX user_roles_by_role ON user_roles (role_id);
      -- Who (the console's operator), when, what: old -> new. Targets are kept as text so an
      -- entry still reads right after the role it names is renamed or deleted.
      CREATE TABLE access_audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        target TEXT NOT NULL,
        change TEXT NOT NULL,
        old_value TEXT,
        new_value TEXT
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'credential vault',
    // Only cipher text: the plain secret never reaches the database or its WAL.
    sql: `
      CREATE TABLE vault_secrets (
        name TEXT PRIMARY KEY NOT NULL,
        cipher BLOB NOT NULL,
        backend TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `,
  },
];
