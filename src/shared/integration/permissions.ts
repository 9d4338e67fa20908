import { graphResource, type CloudId, type CustomCloudHosts } from './clouds';
import { mailResource } from './mailServers';

/**
 * The optional features, each served by one delegated permission. `graphMail` (sending through
 * Graph's sendMail) came after the others: settings saved before it read as off.
 */
export type IntegrationFeatures = { calendar: boolean; contacts: boolean; imap: boolean; smtp: boolean; graphMail?: boolean };

export type PermissionDescription = {
  /** The permission's name as the Entra portal lists it. */
  name: string;
  feature: keyof IntegrationFeatures | null;
  purpose: string;
};

/**
 * In the order of the administrator's guide. `offline_access` is always needed for refresh tokens;
 * `User.Read` is asked for at every sign-in (the account's name and address come from /me), so it
 * is listed and consented with the rest: a tenant without user consent would otherwise stop at
 * "Need admin approval" for it alone.
 */
export const permissionCatalogue: readonly PermissionDescription[] = [
  { name: 'offline_access', feature: null, purpose: 'Keeps users signed in (refresh tokens). Mandatory.' },
  { name: 'User.Read', feature: null, purpose: "Reads the signed-in user's name and address for the Accounts page. Mandatory." },
  { name: 'Calendars.ReadWrite', feature: 'calendar', purpose: 'Two-way calendar sync.' },
  { name: 'Contacts.ReadWrite', feature: 'contacts', purpose: 'Pushing contacts to Outlook.' },
  { name: 'IMAP.AccessAsUser.All', feature: 'imap', purpose: 'Fetching email over IMAP.' },
  { name: 'SMTP.Send', feature: 'smtp', purpose: 'Sending email over SMTP.' },
  { name: 'Mail.Send', feature: 'graphMail', purpose: 'Sending email through Microsoft Graph (sendMail) instead of SMTP.' },
];

/** A permission as a scope string: OIDC's offline_access bare, a Graph permission behind its resource. */
export function qualifiedScope(name: string, resource: string): string {
  return name === 'offline_access' ? name : `${resource}${name}`;
}

/** The permission names the enabled features need, offline_access first. */
export function requiredPermissions(features: IntegrationFeatures): string[] {
  return permissionCatalogue
    .filter((permission) => permission.feature === null || features[permission.feature] === true)
    .map((permission) => permission.name);
}

/**
 * Scope strings as sent to the cloud's sign-in host: OIDC scopes bare, Graph permissions
 * qualified with the cloud's Graph resource (a national cloud rejects the global one).
 */
export function scopeStrings(features: IntegrationFeatures, cloud: CloudId, custom?: CustomCloudHosts): string[] {
  const resource = graphResource(cloud, custom);
  return requiredPermissions(features).map((name) => qualifiedScope(name, resource));
}

const mailPermissions = new Set(['IMAP.AccessAsUser.All', 'SMTP.Send']);

/**
 * What the Graph token is asked for: the Graph permissions without the mail ones. A token is for one
 * resource only (Entra refuses a token request naming two, AADSTS28000), and IMAP and SMTP accept
 * only tokens issued for Exchange Online.
 */
export function graphTokenScopes(features: IntegrationFeatures, cloud: CloudId, custom?: CustomCloudHosts): string[] {
  const resource = graphResource(cloud, custom);
  return requiredPermissions(features)
    .filter((name) => !mailPermissions.has(name))
    .map((name) => qualifiedScope(name, resource));
}

/**
 * The IMAP and SMTP scopes qualified with Exchange Online's resource (e.g.
 * `https://outlook.office.com/IMAP.AccessAsUser.All`): consented at sign-in beside the Graph ones,
 * then obtained silently with the same refresh token. Consent given to the Graph permissions of the
 * same names (as the guide adds them) covers them.
 */
export function mailTokenScopes(features: IntegrationFeatures, cloud: CloudId): string[] {
  return requiredPermissions(features).flatMap((name) => mailTokenScope(name, cloud) ?? []);
}

/** The Exchange Online scope string of a mail permission (IMAP.AccessAsUser.All, SMTP.Send); null for any other. */
export function mailTokenScope(permission: string, cloud: CloudId): string | null {
  return mailPermissions.has(permission) ? `${mailResource(cloud)}${permission}` : null;
}
