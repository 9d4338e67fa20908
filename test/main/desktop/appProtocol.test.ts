import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerAppProtocol, resolveAppUrl } from '../../../src/main/desktop/appProtocol';
import { useTempDirs } from '../../support/tempDir';

describe('app:// protocol', () => {
  const tempDir = useTempDirs();

  function serveFrom() {
    const dir = tempDir();
    const rendererDir = join(dir, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
    writeFileSync(join(rendererDir, 'assets', 'app 1.js'), 'export {}');
    let handler!: (request: Request) => Promise<Response>;
    registerAppProtocol({ handle: (_scheme, serve) => void (handler = serve as never) }, rendererDir);
    return { rendererDir, get: (url: string) => handler(new Request(url)) };
  }

  it('maps console URLs to files inside the renderer folder, decoding escapes', () => {
    expect(resolveAppUrl('/r', 'app://console/')).toBe('/r/index.html');
    expect(resolveAppUrl('/r', 'app://console/assets/app%201.js')).toBe('/r/assets/app 1.js');
    // The URL parser resolves an escaped .. against the root already: it never leaves the folder.
    expect(resolveAppUrl('/r', 'app://console/%2e%2e/%2e%2e/secret')).toBe('/r/secret');
    expect(resolveAppUrl('/r', 'app://console/a/%252e%252e/secret')).toBe('/r/a/%2e%2e/secret');
    expect(resolveAppUrl('/r', 'app://other/index.html')).toBeUndefined();
  });

  it('answers a malformed escape with 404 instead of failing the request', async () => {
    const { get } = serveFrom();
    expect((await get('app://console/assets/app%201.js')).status).toBe(200);
    for (const url of ['app://console/%', 'app://console/%zz', 'app://console/index.html%E0%A4%A']) {
      expect(resolveAppUrl('/r', url), url).toBeUndefined();
      expect((await get(url)).status, url).toBe(404);
    }
  });
});
