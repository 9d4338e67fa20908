// /contactFolders, /contactFolders/{id}, /contactFolders/{id}/contacts, /contacts, /contacts/{id}.
import { json, noContent, type EmulatorResponse } from '../http.ts';
import { isWellFormedItemId, newChangeKey, newItemId } from '../ids.ts';
import type { ContactFolder, ExtendedProperty, StoredContact } from '../store.ts';
import { metadataUrl, type GraphCall, type GraphContext } from './context.ts';
import { badRequest, graphError, notFound } from './errors.ts';
import { parseExtendedPropertyFilter } from './extendedPropertyFilter.ts';

const CONTACT_FIELDS = [
  'birthday',
  'fileAs',
  'displayName',
  'givenName',
  'initials',
  'middleName',
  'nickName',
  'surname',
  'title',
  'yomiGivenName',
  'yomiSurname',
  'yomiCompanyName',
  'generation',
  'imAddresses',
  'jobTitle',
  'companyName',
  'department',
  'officeLocation',
  'profession',
  'businessHomePage',
  'assistantName',
  'manager',
  'homePhones',
  'mobilePhone',
  'businessPhones',
  'spouseName',
  'personalNotes',
  'children',
  'emailAddresses',
  'homeAddress',
  'businessAddress',
  'otherAddress',
  'categories',
];
const EMPTY_CONTACT: Record<string, unknown> = {
  birthday: null,
  fileAs: '',
  displayName: '',
  givenName: null,
  initials: null,
  middleName: null,
  nickName: null,
  surname: null,
  title: null,
  yomiGivenName: null,
  yomiSurname: null,
  yomiCompanyName: null,
  generation: null,
  imAddresses: [],
  jobTitle: null,
  companyName: null,
  department: null,
  officeLocation: null,
  profession: null,
  businessHomePage: null,
  assistantName: null,
  manager: null,
  homePhones: [],
  mobilePhone: null,
  businessPhones: [],
  spouseName: null,
  personalNotes: '',
  children: [],
  emailAddresses: [],
  homeAddress: {},
  businessAddress: {},
  otherAddress: {},
  categories: [],
};

function pick(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([k]) => CONTACT_FIELDS.includes(k)));
}

/** Exchange's limits on a contact's multi-value properties (publicly reported; docs/graph-fidelity.md). */
const MULTI_VALUE_LIMITS: Array<[field: string, exchangeName: string, max: number]> = [
  ['businessPhones', 'BusinessPhones', 2],
  ['homePhones', 'HomePhones', 2],
  ['emailAddresses', 'EmailAddresses', 3],
];

function overLimit(input: Record<string, unknown>): string | null {
  for (const [field, exchangeName, max] of MULTI_VALUE_LIMITS) {
    const value = input[field];
    if (Array.isArray(value) && value.length > max) {
      return `The multi value property ${exchangeName} has ${value.length} entries, that exceeds the max allowed value of ${max}`;
    }
  }
  return null;
}

function contactJson(contact: StoredContact): Record<string, unknown> {
  return {
    '@odata.etag': `W/"${contact.changeKey}"`,
    id: contact.id,
    createdDateTime: contact.createdDateTime,
    lastModifiedDateTime: contact.lastModifiedDateTime,
    changeKey: contact.changeKey,
    parentFolderId: contact.parentFolderId,
    ...EMPTY_CONTACT,
    ...contact.fields,
  };
}

function extendedPropertiesOf(input: Record<string, unknown>, current: ExtendedProperty[] = []): ExtendedProperty[] {
  const incoming = Array.isArray(input.singleValueExtendedProperties) ? (input.singleValueExtendedProperties as ExtendedProperty[]) : [];
  const kept = current.filter((p) => !incoming.some((n) => n.id.toLowerCase() === p.id.toLowerCase()));
  return [...kept, ...incoming.map((p) => ({ id: String(p.id), value: String(p.value) }))];
}

function folderJson(folder: ContactFolder): Record<string, unknown> {
  return { id: folder.id, displayName: folder.displayName, parentFolderId: folder.parentFolderId };
}

function body(call: GraphCall): Record<string, unknown> | null {
  try {
    const value = JSON.parse(call.req.body || 'null');
    return value && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}

export function routeContacts(ctx: GraphContext, call: GraphCall): EmulatorResponse | null {
  const { req, mailbox } = call;
  const parts = call.rest.split('/').filter(Boolean).map(decodeURIComponent);
  const now = () => ctx.clock.date().toISOString().replace('Z', '0000Z');
  const context = (fragment: string) => metadataUrl(ctx, `users('${call.user.id}')/${fragment}`);
  let folderId = mailbox.rootContactFolderId;
  let rest = parts;

  if (parts[0] === 'contactFolders') {
    if (parts.length === 1) {
      if (req.method === 'GET')
        return json(200, { '@odata.context': context('contactFolders'), value: mailbox.contactFolders.map(folderJson) });
      if (req.method === 'POST') {
        const input = body(call);
        if (!input?.displayName) return badRequest(req, 'A contact folder needs a displayName.');
        const folder = { id: newItemId(), displayName: String(input.displayName), parentFolderId: mailbox.rootContactFolderId };
        mailbox.contactFolders.push(folder);
        return json(201, { '@odata.context': context('contactFolders/$entity'), ...folderJson(folder) });
      }
      return null;
    }
    const folder = mailbox.contactFolders.find((f) => f.id === parts[1]);
    if (!folder) return notFound(req);
    if (parts.length === 2) {
      if (req.method === 'GET') return json(200, { '@odata.context': context('contactFolders/$entity'), ...folderJson(folder) });
      if (req.method === 'PATCH') {
        const input = body(call);
        if (input?.displayName) folder.displayName = String(input.displayName);
        return json(200, { '@odata.context': context('contactFolders/$entity'), ...folderJson(folder) });
      }
      if (req.method === 'DELETE') {
        mailbox.contactFolders.splice(mailbox.contactFolders.indexOf(folder), 1);
        for (const [id, contact] of mailbox.contacts) if (contact.parentFolderId === folder.id) mailbox.contacts.delete(id);
        return noContent();
      }
      return null;
    }
    folderId = folder.id;
    rest = parts.slice(2);
  }
  if (rest[0] !== 'contacts') return null;
  const inFolder = parts[0] === 'contactFolders';
  if (rest.length === 1) {
    if (req.method === 'GET') {
      const q = req.url.searchParams;
      const top = Math.min(Number(q.get('$top') ?? 10), 1000);
      const skip = Number(q.get('$skip') ?? 0);
      const filter = q.get('$filter');
      const match = filter ? parseExtendedPropertyFilter(filter) : null;
      if (filter && !match) return badRequest(req, 'The $filter expression is not supported by the emulator.');
      // `/me/contacts` is the default Contacts folder only, as on Graph; other folders by their id.
      const all = [...mailbox.contacts.values()].filter((c) => c.parentFolderId === folderId && (!match || match(c.extendedProperties)));
      const result: Record<string, unknown> = {
        '@odata.context': context(inFolder ? `contactFolders('${folderId}')/contacts` : 'contacts'),
      };
      if (skip + top < all.length) {
        const next = new URL(req.url.toString());
        next.searchParams.set('$skip', String(skip + top));
        result['@odata.nextLink'] = `${ctx.graphBase()}${next.pathname.slice(1)}${next.search}`;
      }
      result.value = all.slice(skip, skip + top).map(contactJson);
      return json(200, result);
    }
    if (req.method === 'POST') {
      const input = body(call);
      if (!input) return badRequest(req, 'Empty Payload. JSON content expected.');
      const tooMany = overLimit(input);
      if (tooMany) return badRequest(req, tooMany, 'ErrorInvalidArgument');
      const stamp = now();
      const contact: StoredContact = {
        id: newItemId(),
        parentFolderId: folderId,
        changeKey: newChangeKey(),
        createdDateTime: stamp,
        lastModifiedDateTime: stamp,
        fields: pick(input),
        extendedProperties: extendedPropertiesOf(input),
      };
      mailbox.contacts.set(contact.id, contact);
      return json(201, { '@odata.context': context('contacts/$entity'), ...contactJson(contact) });
    }
    return null;
  }
  if (!isWellFormedItemId(rest[1])) return graphError(req, 400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
  const contact = mailbox.contacts.get(rest[1]);
  if (!contact || (inFolder && contact.parentFolderId !== folderId) || rest.length > 2) return notFound(req);
  if (req.method === 'GET') return json(200, { '@odata.context': context('contacts/$entity'), ...contactJson(contact) });
  if (req.method === 'PATCH') {
    const input = body(call);
    if (!input) return badRequest(req, 'Empty Payload. JSON content expected.');
    const tooMany = overLimit(input);
    if (tooMany) return badRequest(req, tooMany, 'ErrorInvalidArgument');
    contact.fields = { ...contact.fields, ...pick(input) };
    contact.extendedProperties = extendedPropertiesOf(input, contact.extendedProperties);
    contact.changeKey = newChangeKey();
    contact.lastModifiedDateTime = now();
    return json(200, { '@odata.context': context('contacts/$entity'), ...contactJson(contact) });
  }
  if (req.method === 'DELETE') {
    mailbox.contacts.delete(contact.id);
    return noContent();
  }
  return null;
}
