import type { DatabaseSync } from 'node:sqlite';
import type { LinkedRecord } from '../../shared/contract';

/**
 * Mail services everyone uses: an address there says nothing about the sender's company, so no
 * company is linked by these domains (a contact with such an address still links by the address).
 */
const freeMailDomains = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'gmx.com',
  'gmx.net',
  'gmx.de',
  'web.de',
  'proton.me',
  'protonmail.com',
  'mail.com',
  'yandex.com',
  'zoho.com',
]);

type PersonRow = {
  id: number;
  kind: 'contact' | 'lead';
  name: string;
  emails: string;
  account_id: number | null;
  account_name: string | null;
};

/**
 * Finds the workspace records a message's addresses point to: users by their email, contacts and
 * leads by any of their emails, and companies through their contacts' email domains. Computed when
 * asked, so a contact added after the mail arrived is linked too.
 */
export class AddressLinks {
  constructor(private readonly db: DatabaseSync) {}

  /** Links per address (lower case), for the addresses given; each record once per address. */
  linksFor(addresses: Iterable<string>): Map<string, LinkedRecord[]> {
    const wanted = new Set([...addresses].map((address) => address.toLowerCase()).filter(Boolean));
    const links = new Map<string, LinkedRecord[]>();
    if (wanted.size === 0) return links;
    const add = (address: string, record: LinkedRecord) => {
      const list = links.get(address) ?? [];
      if (!list.some((known) => known.kind === record.kind && known.id === record.id)) list.push(record);
      links.set(address, list);
    };
    const list = [...wanted];
    const placeholders = list.map(() => '?').join(',');
    const users = this.db
      .prepare(`SELECT id, name, lower(email) AS email FROM users WHERE lower(email) IN (${placeholders})`)
      .all(...list) as Array<{ id: number; name: string; email: string }>;
    for (const user of users) add(user.email, { kind: 'user', id: user.id, name: user.name, via: user.email });

    const domains = new Map<string, string[]>();
    for (const address of list) {
      const domain = address.split('@')[1];
      if (domain && !freeMailDomains.has(domain)) domains.set(domain, [...(domains.get(domain) ?? []), address]);
    }
    const people = this.db
      .prepare(
        `SELECT p.id, p.kind, trim(p.first_name || ' ' || p.last_name) AS name, p.emails, p.account_id, a.name AS account_name
         FROM crm_people p LEFT JOIN crm_accounts a ON a.id = p.account_id
         WHERE EXISTS (SELECT 1 FROM json_each(p.emails) e WHERE lower(e.value) IN (${placeholders})
                         OR (p.account_id IS NOT NULL AND lower(substr(e.value, instr(e.value, '@') + 1)) IN (${[...domains.keys()].map(() => '?').join(',') || "''"})))`,
      )
      .all(...list, ...domains.keys()) as PersonRow[];
    for (const person of people) {
      const emails = (JSON.parse(person.emails) as string[]).map((email) => email.toLowerCase());
      for (const email of emails) {
        if (wanted.has(email)) add(email, { kind: person.kind, id: person.id, name: person.name || email, via: email });
        const domain = email.split('@')[1];
        if (person.account_id !== null && domain && domains.has(domain)) {
          for (const address of domains.get(domain)!)
            add(address, { kind: 'company', id: person.account_id, name: person.account_name ?? domain, via: domain });
        }
      }
    }
    return links;
  }

  /** Every record any of the addresses links to, each once. */
  linksOf(addresses: Iterable<string>): LinkedRecord[] {
    const unique = new Map<string, LinkedRecord>();
    for (const records of this.linksFor(addresses).values())
      for (const record of records) if (!unique.has(`${record.kind}:${record.id}`)) unique.set(`${record.kind}:${record.id}`, record);
    const order = { user: 0, contact: 1, lead: 2, company: 3 };
    return [...unique.values()].sort((a, b) => order[a.kind] - order[b.kind] || a.name.localeCompare(b.name));
  }
}
