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
