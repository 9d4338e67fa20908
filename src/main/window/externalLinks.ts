/**
 * The only external pages the console opens, always in the system browser: Microsoft's portals,
 * sign-in hosts (admin consent) and documentation. Anything else is refused.
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

export function isAllowedExternalUrl(rawUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && allowedHosts.has(url.hostname);
}

/**
 * Wraps the system browser opener so that, whoever calls it (link handlers now, sign-in and the
 * admin-consent link later), nothing off the allow-list is ever handed to the OS.
 */
export function createAllowListedOpener(open: (url: string) => Promise<void>): (url: string) => Promise<void> {
  return async (url) => {
    if (!isAllowedExternalUrl(url)) throw new Error(`Refused to open ${url}: only Microsoft's portals, sign-in and documentation pages open from the console.`);
    await open(url);
  };
}
