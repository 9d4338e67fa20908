/**
 * Who a contact in Outlook is for the console: a named MAPI string property written with the
 * create, holding the workspace record and the console user it was pushed for. A create whose
 * answer was lost is found again by it (Graph filters on single-value extended properties).
 */
import { graphStringLiteral } from '../graph/graphMailbox';

export const contactIdentityProperty = 'String {6f1c2b8e-5a43-4d0e-9b7a-2e8d41c3f05a} Name OutlookIntegrationConsoleContactId';

/** The same record pushed for two console users who share a mailbox stays two contacts. */
export function contactIdentity(personId: number, userId: number): string {
  return `person-${personId}-user-${userId}`;
}

export function identityProperty(personId: number, userId: number): { id: string; value: string } {
  return { id: contactIdentityProperty, value: contactIdentity(personId, userId) };
}

/** The folder's contacts carrying this identity: normally one, none when the create never arrived. */
export function findByIdentityUrl(folderId: string | null, personId: number, userId: number): string {
  const folder = folderId ? `/me/contactFolders/${encodeURIComponent(folderId)}/contacts` : '/me/contacts';
  const filter = `singleValueExtendedProperties/any(ep: ep/id eq ${graphStringLiteral(contactIdentityProperty)} and ep/value eq ${graphStringLiteral(contactIdentity(personId, userId))})`;
  return `${folder}?$filter=${encodeURIComponent(filter)}&$select=id,changeKey,createdDateTime&$top=10`;
}
