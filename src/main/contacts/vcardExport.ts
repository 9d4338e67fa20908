import ICAL from 'ical.js';
import type { Person } from '../../shared/contract';

/**
 * vCard 4.0 (RFC 6350) through ical.js, which escapes what needs escaping (";" and "," inside
 * names and company names), so Outlook, Apple Contacts and Google read the file back the same.
 */
export function toVcards(people: readonly Person[]): string {
  return people.map(toVcard).join('');
}

function toVcard(person: Person): string {
  const card = new ICAL.Component(['vcard', [], []]);
  card.addPropertyWithValue('version', '4.0');
  card.addPropertyWithValue('fn', person.displayName);
  const name = new ICAL.Property('n', card);
  name.setValue([person.lastName, person.firstName, '', '', ''] as unknown as string);
  card.addProperty(name);
  if (person.accountName) {
    const org = new ICAL.Property('org', card);
    org.setValue([person.accountName] as unknown as string);
    card.addProperty(org);
  }
  person.emails.forEach((email, index) => {
    const property = card.addPropertyWithValue('email', email);
    if (index === 0) property.setParameter('pref', '1');
  });
  for (const phone of person.phones) card.addPropertyWithValue('tel', phone).setParameter('value', 'text');
  card.addPropertyWithValue('categories', person.kind === 'lead' ? 'Lead' : 'Contact');
  return `${card.toString()}\r\n`;
}
