// Scope strings as the identity platform reads them: OpenID scopes stand alone; a bare name or a
// "https://graph.microsoft.com/" prefix means Microsoft Graph; "https://outlook.office.com/" (or
// outlook.office365.com) means Exchange Online, whose IMAP, POP and SMTP accept only tokens issued
// for it; "/.default" means the app's statically configured permissions.
export const OPENID_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

/** Exchange Online's resource as its tokens name it (`aud`) and its accepted spellings in a scope. */
export const OUTLOOK_AUDIENCE = 'https://outlook.office.com';
const OUTLOOK_RESOURCE_URLS = ['https://outlook.office.com/', 'https://outlook.office365.com/'];
/** The delegated permissions Exchange Online's mail protocols honour; the portal lists them under Microsoft Graph. */
export const EXCHANGE_PERMISSIONS = new Set(['IMAP.AccessAsUser.All', 'POP.AccessAsUser.All', 'SMTP.Send']);

export type ParsedScopes = { openid: string[]; graph: string[]; outlook: string[] };

export function parseScopes(scope: string | null, requiredScopes: string[], graphResourceUrls: string[]): ParsedScopes {
  const openid: string[] = [];
  const graph = new Set<string>();
  const outlook = new Set<string>();
  for (const raw of (scope ?? '').split(/[\s+]+/).filter(Boolean)) {
    if (OPENID_SCOPES.has(raw.toLowerCase())) {
      openid.push(raw.toLowerCase());
      continue;
    }
    const outlookResource = OUTLOOK_RESOURCE_URLS.find((resource) => raw.toLowerCase().startsWith(resource));
    if (outlookResource) {
      const name = raw.slice(outlookResource.length);
      if (name === '.default') requiredScopes.filter((s) => EXCHANGE_PERMISSIONS.has(s)).forEach((s) => outlook.add(s));
      else outlook.add(name);
      continue;
    }
    let name = raw;
    for (const resource of graphResourceUrls) {
      if (raw.toLowerCase().startsWith(resource.toLowerCase())) name = raw.slice(resource.length);
    }
    if (name === '.default') requiredScopes.forEach((s) => graph.add(s));
    else graph.add(name);
  }
  return { openid, graph: [...graph], outlook: [...outlook] };
}

/** Every permission named, whatever its resource: what a consent page lists and records. */
export function permissionNames(scopes: ParsedScopes): string[] {
  return [...new Set([...scopes.graph, ...scopes.outlook])];
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
  'Mail.Send': 'Send mail as you',
};
