import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../src/main/security/contentSecurityPolicy';

describe('content security policy', () => {
  it('is the same in index.html as in the response headers (frame-ancestors aside: a meta tag cannot carry it)', () => {
    const html = readFileSync(new URL('../../../src/renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const headerWithoutFrameAncestors = contentSecurityPolicy
      .split('; ')
      .filter((directive) => !directive.startsWith('frame-ancestors'))
      .join('; ');
    expect(meta).toBe(headerWithoutFrameAncestors);
  });

  it('allows scripts only from the app itself and no plugins', () => {
    expect(contentSecurityPolicy).toContain("script-src 'self'");
    expect(contentSecurityPolicy).not.toMatch(/script-src[^;]*unsafe/);
    expect(contentSecurityPolicy).toContain("object-src 'none'");
  });
});
