/**
 * The only external pages the console opens, always in the system browser: Microsoft's portals,
 * sign-in hosts (admin consent) and documentation, and a Teams meeting's join link. Anything else
 * is refused.
 */
const allowedHosts = new Set([
  'entra.microsoft.com',
  'portal.azure.com',
  'aad.portal.azure.com',
  'portal.azure.us',
  'portal.azure.cn',
  'admin.microsoft.com',
  'learn.microsoft.com',
  'docs.microsoft.com',
  'go.microsoft.com',
  'aka.ms',
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
]);

/**
 * Teams hosts a meeting's join link is on (Graph's onlineMeeting.joinUrl), commercial and US
 * government clouds; only their join paths open, not the rest of Teams' web app.
 */
const teamsJoinHosts = new Set(['teams.microsoft.com', 'gov.teams.microsoft.us', 'dod.teams.microsoft.us']);
const teamsJoinPaths = ['/l/meetup-join/', '/meet/'];

function isTeamsJoinUrl(url: URL): boolean {
  return teamsJoinHosts.has(url.hostname) && url.port === '' && teamsJoinPaths.some((path) => url.pathname.startsWith(path));
}

/**
 * `extraSignInHosts`: the configured custom cloud's sign-in host (`host` or `host:port`), which
 * the administrator chose on the Integration page; matched exactly, host and port, https only.
 */
export function isAllowedExternalUrl(rawUrl: string, extraSignInHosts: readonly string[] = []): boolean {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return false;
  return (
    allowedHosts.has(url.hostname) ||
    isTeamsJoinUrl(url) ||
    extraSignInHosts.some((host) => host !== '' && host.toLowerCase() === url.host.toLowerCase())
  );
}

/**
 * Wraps the system browser opener so that, whoever calls it (link handlers, sign-in, the
 * admin-consent link), nothing off the allow-list is ever handed to the OS. The custom cloud's
 * sign-in host is asked for at each call, so a changed setting applies at once.
 */
export function createAllowListedOpener(
  open: (url: string) => Promise<void>,
  extraSignInHosts: () => readonly string[] = () => [],
): (url: string) => Promise<void> {
  return async (url) => {
    if (!isAllowedExternalUrl(url, extraSignInHosts()))
      throw new Error(
        `Refused to open ${url}: only Microsoft's portals, sign-in and documentation pages (and a custom cloud's sign-in host) open from the console.`,
      );
    await open(url);
  };
}
