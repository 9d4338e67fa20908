// Serves the built renderer from a custom `app://console` origin instead of file://, so the page
// has a real origin to check IPC senders against and cannot read arbitrary local files.
import type { Protocol } from 'electron';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { readFile } from 'node:fs/promises';
import { contentSecurityPolicy } from '../security/contentSecurityPolicy';

export const appScheme = 'app';
export const appOrigin = `${appScheme}://console`;
export const appEntryUrl = `${appOrigin}/index.html`;

export const appSchemePrivileges = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false },
};

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Maps an app:// URL to a file inside the renderer folder, or undefined if it points outside. */
export function resolveAppUrl(rendererDir: string, requestUrl: string): string | undefined {
  const url = new URL(requestUrl);
  if (url.protocol !== `${appScheme}:` || url.host !== 'console') return undefined;
  const root = resolve(rendererDir);
  const pathname = decodedPath(url.pathname === '/' ? '/index.html' : url.pathname);
  if (pathname === undefined) return undefined;
  const filePath = join(root, normalize(pathname));
  return filePath.startsWith(root + sep) ? filePath : undefined;
}

/** A malformed escape (`%zz`, a lone `%`) names no file: answered 404 rather than thrown out of the handler. */
function decodedPath(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}

export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(appScheme, async (request) => {
    const filePath = resolveAppUrl(rendererDir, request.url);
    if (!filePath) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(filePath);
      return new Response(body, {
        headers: {
          'Content-Type': mimeTypes[extname(filePath)] ?? 'application/octet-stream',
          'Content-Security-Policy': contentSecurityPolicy,
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
