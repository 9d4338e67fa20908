import { describe, expect, it } from 'vitest';
import { defaultMailServers, mailServers } from '../../../src/shared/integration/mailServers';

const noOverrides = { imapHost: '', imapPort: null, smtpHost: '', smtpPort: null };

describe('mail servers', () => {
  it('are the guide’s Office 365 servers by default: IMAP over TLS on 993, SMTP with STARTTLS on 587', () => {
    expect(mailServers('global', noOverrides)).toEqual({
      imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
      smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
    });
    expect(mailServers('custom', noOverrides)).toEqual(defaultMailServers('global'));
  });

  it('follow the national cloud', () => {
    expect(defaultMailServers('usGov').imap.host).toBe('outlook.office365.us');
    expect(defaultMailServers('china').smtp.host).toBe('smtp.partner.outlook.cn');
  });

  it('take the administrator’s host and port, choosing TLS or STARTTLS by port and never plain text', () => {
    const servers = mailServers('global', { imapHost: 'imap.contoso.com', imapPort: 143, smtpHost: 'smtp.contoso.com', smtpPort: 465 });
    expect(servers).toEqual({
      imap: { host: 'imap.contoso.com', port: 143, security: 'starttls' },
      smtp: { host: 'smtp.contoso.com', port: 465, security: 'tls' },
    });
  });
});
