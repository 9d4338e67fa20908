import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../../src/main/desktop/externalLinks';

describe('external link allow-list', () => {
  it.each([
    'https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps',
    'https://aad.portal.azure.com/',
    'https://learn.microsoft.com/en-us/graph/api/event-delta',
    'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/adminconsent?client_id=x',
    // A Teams meeting's join link, as Graph returns it in onlineMeeting.joinUrl.
    'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NzQ1%40thread.v2/0?context=%7b%22Tid%22%3a%22x%22%7d',
    'https://teams.microsoft.com/meet/2345678901?p=abcdef',
  ])('allows %s', (url) => expect(isAllowedExternalUrl(url)).toBe(true));

  it.each([
    'http://entra.microsoft.com/',
    'https://entra.microsoft.com.attacker.example/',
    'https://attacker.example/?https://entra.microsoft.com',
    'https://user:pass@learn.microsoft.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'not a url',
    // Teams, but not a join link, not https, or not Teams' host.
    'https://teams.microsoft.com/',
    'https://teams.microsoft.com/_#/files',
    'http://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0',
    'https://teams.microsoft.com:8443/l/meetup-join/19%3ameeting_x%40thread.v2/0',
    'https://teams.microsoft.com.attacker.example/l/meetup-join/x',
    'https://user:pass@teams.microsoft.com/l/meetup-join/x',
  ])('refuses %s', (url) => expect(isAllowedExternalUrl(url)).toBe(false));
});

describe('allow-listed opener', () => {
  it('hands only allow-listed URLs to the system browser', async () => {
    const { createAllowListedOpener } = await import('../../../src/main/desktop/externalLinks');
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

describe('a custom cloud’s sign-in host', () => {
  it('opens exactly that host and port over https, nothing near it', async () => {
    const { createAllowListedOpener } = await import('../../../src/main/desktop/externalLinks');
    const opened: string[] = [];
    let hosts: string[] = ['login.proxy.example:8443'];
    const open = createAllowListedOpener(
      async (url) => void opened.push(url),
      () => hosts,
    );
    await open('https://login.proxy.example:8443/contoso/oauth2/v2.0/authorize?client_id=x');
    for (const refused of [
      'http://login.proxy.example:8443/',
      'https://login.proxy.example/',
      'https://login.proxy.example:9443/',
      'https://evil.login.proxy.example:8443/',
      'https://u:p@login.proxy.example:8443/',
    ]) {
      await expect(open(refused)).rejects.toThrow(/Refused to open/);
    }
    hosts = [];
    await expect(open('https://login.proxy.example:8443/')).rejects.toThrow(/Refused to open/);
    expect(opened).toEqual(['https://login.proxy.example:8443/contoso/oauth2/v2.0/authorize?client_id=x']);
  });
});
