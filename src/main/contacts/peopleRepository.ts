import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { CompanyAccountRow, Person, PersonKind, PersonSelection } from '../../shared/contract';

type PersonRow = {
  id: number;
  kind: PersonKind;
  first_name: string;
  last_name: string;
  emails: string;
  phones: string;
  account_name: string | null;
  created_at: string;
  updated_at: string;
  copies: number;
};

/** The fields of a record as stored, already checked. */
export type StoredPersonFields = {
  kind: PersonKind;
  firstName: string;
  lastName: string;
  emails: string[];
  phones: string[];
  accountName: string;
};

export function displayNameOf(person: { firstName: string; lastName: string; emails: readonly string[] }): string {
  return [person.firstName, person.lastName].filter(Boolean).join(' ') || person.emails[0] || '(no name)';
}

const selectPerson = `
  SELECT p.id, p.kind, p.first_name, p.last_name, p.emails, p.phones, a.name AS account_name, p.created_at, p.updated_at,
         (SELECT COUNT(*) FROM crm_outlook_contacts o WHERE o.person_id = p.id) AS copies
  FROM crm_people p LEFT JOIN crm_accounts a ON a.id = p.account_id`;

/** LIKE pattern for a search: every word must appear in the name, an email, a phone or the company. */
function searchClause(search: string): { sql: string; params: SQLInputValue[] } {
  const words = search.split(/\s+/).filter(Boolean).slice(0, 8);
  const clauses = words.map(
    () => `(p.first_name || ' ' || p.last_name || ' ' || p.emails || ' ' || p.phones || ' ' || COALESCE(a.name, '')) LIKE ? ESCAPE '\\'`,
  );
  return {
    sql: clauses.length ? ` AND ${clauses.join(' AND ')}` : '',
    params: words.map((word) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
  };
}

function toPerson(row: PersonRow): Person {
  const emails = JSON.parse(row.emails) as string[];
  const person = { firstName: row.first_name, lastName: row.last_name, emails };
  return {
    id: row.id,
    kind: row.kind,
    firstName: row.first_name,
    lastName: row.last_name,
    displayName: displayNameOf(person),
    emails,
    phones: JSON.parse(row.phones) as string[],
    accountName: row.account_name ?? '',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    outlookCopies: row.copies,
  };
}

/** Contacts, leads and accounts in the workspace database. */
export class PeopleRepository {
  constructor(private readonly db: DatabaseSync) {}

  list(kind: PersonKind, search: string, offset: number, limit: number): { rows: Person[]; total: number } {
    const where = searchClause(search);
    const total = (
      this.db
        .prepare(`SELECT COUNT(*) AS n FROM crm_people p LEFT JOIN crm_accounts a ON a.id = p.account_id WHERE p.kind = ?${where.sql}`)
        .get(kind, ...where.params) as { n: number }
    ).n;
    const rows = this.db
      .prepare(
        `${selectPerson} WHERE p.kind = ?${where.sql} ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, p.id LIMIT ? OFFSET ?`,
      )
      .all(kind, ...where.params, limit, offset) as PersonRow[];
    return { rows: rows.map(toPerson), total };
  }

  get(id: number): Person | undefined {
    const row = this.db.prepare(`${selectPerson} WHERE p.id = ?`).get(id) as PersonRow | undefined;
    return row && toPerson(row);
  }

  /** The ids a selection names, in list order; ids that no longer exist are left out. */
  idsOf(selection: PersonSelection): number[] {
    if ('ids' in selection) {
      const wanted = new Set(selection.ids);
      const all = this.db.prepare('SELECT id FROM crm_people ORDER BY id').all() as Array<{ id: number }>;
      return all.map((row) => row.id).filter((id) => wanted.has(id));
    }
    const where = searchClause(selection.search ?? '');
    return (
      this.db
        .prepare(
          `SELECT p.id FROM crm_people p LEFT JOIN crm_accounts a ON a.id = p.account_id WHERE p.kind = ?${where.sql} ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, p.id`,
        )
        .all(selection.kind, ...where.params) as Array<{ id: number }>
    ).map((row) => row.id);
  }

  /** Records by id, in the order asked. */
  many(ids: readonly number[]): Person[] {
    const found = new Map<number, Person>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = this.db.prepare(`${selectPerson} WHERE p.id IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as PersonRow[];
      for (const row of rows) found.set(row.id, toPerson(row));
    }
    return ids.map((id) => found.get(id)).filter((person): person is Person => person !== undefined);
  }

  insert(fields: StoredPersonFields, at: string): number {
    const result = this.db
      .prepare(
        'INSERT INTO crm_people (kind, first_name, last_name, emails, phones, account_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        fields.kind,
        fields.firstName,
        fields.lastName,
        JSON.stringify(fields.emails),
        JSON.stringify(fields.phones),
        this.accountId(fields.accountName, at),
        at,
        at,
      );
    return Number(result.lastInsertRowid);
  }

  update(id: number, fields: StoredPersonFields, at: string): boolean {
    const result = this.db
      .prepare(
        'UPDATE crm_people SET kind = ?, first_name = ?, last_name = ?, emails = ?, phones = ?, account_id = ?, updated_at = ? WHERE id = ?',
      )
      .run(
        fields.kind,
        fields.firstName,
        fields.lastName,
        JSON.stringify(fields.emails),
        JSON.stringify(fields.phones),
        this.accountId(fields.accountName, at),
        at,
        id,
      );
    return Number(result.changes) > 0;
  }

  delete(ids: readonly number[]): number {
    let deleted = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      deleted += Number(this.db.prepare(`DELETE FROM crm_people WHERE id IN (${chunk.map(() => '?').join(',')})`).run(...chunk).changes);
    }
    return deleted;
  }

  /** Lower-cased emails of every record of a kind: what an import checks duplicates against. */
  emailsOf(kind: PersonKind): Set<string> {
    const rows = this.db.prepare('SELECT emails FROM crm_people WHERE kind = ?').all(kind) as Array<{ emails: string }>;
    return new Set(rows.flatMap((row) => (JSON.parse(row.emails) as string[]).map((email) => email.toLowerCase())));
  }

  accounts(search: string): CompanyAccountRow[] {
    const words = search.split(/\s+/).filter(Boolean);
    const where = words.map(() => "a.name LIKE ? ESCAPE '\\'").join(' AND ');
    const rows = this.db
      .prepare(
        `
        SELECT a.id, a.name, a.created_at,
               SUM(CASE WHEN p.kind = 'contact' THEN 1 ELSE 0 END) AS contacts,
               SUM(CASE WHEN p.kind = 'lead' THEN 1 ELSE 0 END) AS leads
        FROM crm_accounts a LEFT JOIN crm_people p ON p.account_id = a.id
        ${where ? `WHERE ${where}` : ''}
        GROUP BY a.id ORDER BY a.name LIMIT 1000`,
      )
      .all(...words.map((word) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)) as Array<{
      id: number;
      name: string;
      created_at: string;
      contacts: number | null;
      leads: number | null;
    }>;
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      createdAt: row.created_at,
      contacts: row.contacts ?? 0,
      leads: row.leads ?? 0,
    }));
  }

  private accountId(name: string, at: string): number | null {
    const trimmed = name.trim();
    if (!trimmed) return null;
    this.db.prepare('INSERT INTO crm_accounts (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(trimmed, at);
    return (this.db.prepare('SELECT id FROM crm_accounts WHERE name = ?').get(trimmed) as { id: number }).id;
  }
}
