import { describe, expect, it } from 'vitest';
import {
  graphTokenScopes,
  mailTokenScopes,
  requiredPermissions,
  scopeStrings,
  type IntegrationFeatures,
} from '../../../src/shared/integration/permissions';

const none: IntegrationFeatures = { calendar: false, contacts: false, imap: false, smtp: false };
const all: IntegrationFeatures = { calendar: true, contacts: true, imap: true, smtp: true };

describe('scopes per feature set', () => {
  it('always asks for offline_access and User.Read (the sign-in reads /me), even with every feature off', () => {
    expect(requiredPermissions(none)).toEqual(['offline_access', 'User.Read']);
    expect(scopeStrings(none, 'global')).toEqual(['offline_access', 'https://graph.microsoft.com/User.Read']);
  });

  it.each([
    [{ ...none, calendar: true }, ['offline_access', 'User.Read', 'Calendars.ReadWrite']],
    [{ ...none, contacts: true }, ['offline_access', 'User.Read', 'Contacts.ReadWrite']],
    [{ ...none, imap: true }, ['offline_access', 'User.Read', 'IMAP.AccessAsUser.All']],
    [{ ...none, smtp: true }, ['offline_access', 'User.Read', 'SMTP.Send']],
    [{ ...none, calendar: true, smtp: true }, ['offline_access', 'User.Read', 'Calendars.ReadWrite', 'SMTP.Send']],
    [all, ['offline_access', 'User.Read', 'Calendars.ReadWrite', 'Contacts.ReadWrite', 'IMAP.AccessAsUser.All', 'SMTP.Send']],
    [{ ...none, graphMail: true }, ['offline_access', 'User.Read', 'Mail.Send']],
  ])('%o', (features, expected) => {
    expect(requiredPermissions(features)).toEqual(expected);
  });

  it('qualifies Graph permissions with the cloud’s own Graph resource', () => {
    expect(scopeStrings(all, 'global')).toEqual([
      'offline_access',
      'https://graph.microsoft.com/User.Read',
      'https://graph.microsoft.com/Calendars.ReadWrite',
      'https://graph.microsoft.com/Contacts.ReadWrite',
      'https://graph.microsoft.com/IMAP.AccessAsUser.All',
      'https://graph.microsoft.com/SMTP.Send',
    ]);
    expect(scopeStrings({ ...none, calendar: true }, 'usGov')).toEqual([
      'offline_access',
      'https://graph.microsoft.us/User.Read',
      'https://graph.microsoft.us/Calendars.ReadWrite',
    ]);
    expect(scopeStrings({ ...none, calendar: true }, 'usGovDoD')).toEqual([
      'offline_access',
      'https://dod-graph.microsoft.us/User.Read',
      'https://dod-graph.microsoft.us/Calendars.ReadWrite',
    ]);
    expect(scopeStrings({ ...none, contacts: true }, 'china')).toEqual([
      'offline_access',
      'https://microsoftgraph.chinacloudapi.cn/User.Read',
      'https://microsoftgraph.chinacloudapi.cn/Contacts.ReadWrite',
    ]);
    expect(scopeStrings({ ...none, contacts: true }, 'custom', { loginHost: 'localhost:8443', graphHost: 'localhost:8444' })).toEqual([
      'offline_access',
      'https://localhost:8444/User.Read',
      'https://localhost:8444/Contacts.ReadWrite',
    ]);
  });

  it('asks Graph for Mail.Send (sending through sendMail) with the Graph token, never the mail servers', () => {
    expect(graphTokenScopes({ ...none, graphMail: true, smtp: true }, 'global')).toEqual([
      'offline_access',
      'https://graph.microsoft.com/User.Read',
      'https://graph.microsoft.com/Mail.Send',
    ]);
    expect(mailTokenScopes({ ...none, graphMail: true, smtp: true }, 'global')).toEqual(['https://outlook.office.com/SMTP.Send']);
  });

  it('asks Graph for its own permissions only, and Exchange Online for IMAP and SMTP (one resource per token)', () => {
    expect(graphTokenScopes(all, 'global')).toEqual([
      'offline_access',
      'https://graph.microsoft.com/User.Read',
      'https://graph.microsoft.com/Calendars.ReadWrite',
      'https://graph.microsoft.com/Contacts.ReadWrite',
    ]);
    expect(mailTokenScopes(all, 'global')).toEqual([
      'https://outlook.office.com/IMAP.AccessAsUser.All',
      'https://outlook.office.com/SMTP.Send',
    ]);
    expect(mailTokenScopes({ ...none, smtp: true }, 'usGov')).toEqual(['https://outlook.office365.us/SMTP.Send']);
    expect(mailTokenScopes({ ...none, imap: true }, 'china')).toEqual(['https://partner.outlook.cn/IMAP.AccessAsUser.All']);
    // A custom cloud (a proxy, the emulator) fronts the global Exchange Online.
    expect(mailTokenScopes({ ...none, imap: true }, 'custom')).toEqual(['https://outlook.office.com/IMAP.AccessAsUser.All']);
    expect(mailTokenScopes({ ...all, imap: false, smtp: false }, 'global')).toEqual([]);
  });
});
