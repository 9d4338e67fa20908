import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../../src/main/window/externalLinks';

describe('external link allow-list', () => {
  it.each([
    'https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps',
    'https://aad.portal.azure.com/',
    'https://learn.microsoft.com/en-us/graph/api/event-delta',
    'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/adminconsent?client_id=x',
  ])('allows %s', (url) => expect(isAllowedExternalUrl(url)).toBe(true));

  it.each([
    'http://entra.microsoft.com/',
    'https://entra.microsoft.com.attacker.example/',
    'https://attacker.example/?https://entra.microsoft.com',
    'https://user:pass@learn.microsoft.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'not a url',
  ])('refuses %s', (url) => expect(isAllowedExternalUrl(url)).toBe(false));
});

describe('allow-listed opener', () => {
  it('hands only allow-listed URLs to the system browser', async () => {
    const { createAllowListedOpener } = await import('../../../src/main/window/externalLinks');
    const opened: string[] = [];
    const open = createAllowListedOpener(async (url) => {
      opened.push(url);
    });
    await open('https://entra.microsoft.com/');
    await expect(open('smb://attacker.example/share')).rejects.toThrow(/Refused to open/);
    await expect(open('file:///etc/passwd')).rejects.toThrow(/Refused to open/);
    expect(opened).toEqual(['https://entra.microsoft.com/']);
  });
});
