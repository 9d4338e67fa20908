// Redirect URI matching as Entra does it: scheme and host compared as URLs (case-insensitive by
// URL rules), path and query compared exactly (case-sensitive), and the port of a loopback URI
// (localhost, 127.0.0.1) ignored, after RFC 8252 section 7.3 ("localhost exceptions").
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);

export function redirectUriRegistered(requested: string, registered: string[]): boolean {
  let asked: URL;
  try {
    asked = new URL(requested);
  } catch {
    return false;
  }
  return registered.some((candidate) => {
    if (candidate === requested) return true;
    let known: URL;
    try {
      known = new URL(candidate);
    } catch {
      return false;
    }
    if (known.protocol !== asked.protocol || known.hostname !== asked.hostname) return false;
    if (rawPathAndQuery(candidate) !== rawPathAndQuery(requested)) return false;
    return LOOPBACK_HOSTS.has(known.hostname) || known.port === asked.port;
  });
}

/** The path and query as typed, not as URL normalises them, so case and trailing slashes count. */
function rawPathAndQuery(uri: string): string {
  const afterScheme = uri.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  return afterScheme.split('#')[0] || '/';
}
