// Scope strings as the identity platform reads them: OpenID scopes stand alone; a bare name or a
// "https://graph.microsoft.com/" prefix means Microsoft Graph; "/.default" means the app's
// statically configured permissions.
export const OPENID_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

export type ParsedScopes = { openid: string[]; graph: string[] };

export function parseScopes(scope: string | null, requiredScopes: string[], graphResourceUrls: string[]): ParsedScopes {
  const openid: string[] = [];
  const graph = new Set<string>();
  for (const raw of (scope ?? '').split(/[\s+]+/).filter(Boolean)) {
    if (OPENID_SCOPES.has(raw.toLowerCase())) {
      openid.push(raw.toLowerCase());
      continue;
    }
    let name = raw;
    for (const resource of graphResourceUrls) {
      if (raw.toLowerCase().startsWith(resource.toLowerCase())) name = raw.slice(resource.length);
    }
    if (name === '.default') requiredScopes.forEach((s) => graph.add(s));
    else graph.add(name);
  }
  return { openid, graph: [...graph] };
}

/** What the consent page says each permission allows, in Entra's words. */
export const PERMISSION_DESCRIPTIONS: Record<string, string> = {
  openid: 'Sign you in',
  profile: 'View your basic profile',
  email: 'View your email address',
  offline_access: 'Maintain access to data you have given it access to',
  'User.Read': 'Sign you in and read your profile',
  'Calendars.Read': 'Read your calendars',
  'Calendars.ReadWrite': 'Have full access to your calendars',
  'Contacts.Read': 'Read your contacts',
  'Contacts.ReadWrite': 'Have full access to your contacts',
  'IMAP.AccessAsUser.All': 'Read and write access to your mail (IMAP)',
  'SMTP.Send': 'Send emails from mailboxes using SMTP AUTH',
};
