import type { CloudId } from './clouds';

/** Implicit TLS, STARTTLS, or (only for local test servers) neither. */
export type MailSecurity = 'tls' | 'starttls' | 'none';
export type MailServer = { host: string; port: number; security: MailSecurity };
export type MailServers = { imap: MailServer; smtp: MailServer };

/** What the administrator may override on the Integration page; empty means the cloud's default. */
export type MailServerOverrides = { imapHost: string; imapPort: number | null; smtpHost: string; smtpPort: number | null };

type CloudMail = { resource: string; imapHost: string; smtpHost: string };

/**
 * Exchange Online per cloud: the resource its IMAP and SMTP tokens are issued for (a Graph token is
 * refused by the mail servers) and the hosts of the administrator's guide. The national clouds'
 * hosts follow Microsoft's national-cloud endpoint lists; the Integration page can override them.
 */
const cloudMail: Record<Exclude<CloudId, 'custom'>, CloudMail> = {
  global: { resource: 'https://outlook.office.com/', imapHost: 'outlook.office365.com', smtpHost: 'smtp.office365.com' },
  usGov: { resource: 'https://outlook.office365.us/', imapHost: 'outlook.office365.us', smtpHost: 'smtp.office365.us' },
  usGovDoD: { resource: 'https://outlook-dod.office365.us/', imapHost: 'outlook-dod.office365.us', smtpHost: 'smtp-dod.office365.us' },
  china: { resource: 'https://partner.outlook.cn/', imapHost: 'partner.outlook.cn', smtpHost: 'smtp.partner.outlook.cn' },
};

export const defaultImapPort = 993;
export const defaultSmtpPort = 587;

/** A custom cloud (a proxy, the emulator) fronts the global service unless its hosts are overridden. */
function mailOf(cloud: CloudId): CloudMail {
  return cloudMail[cloud === 'custom' ? 'global' : cloud];
}

/** The resource prefix of the IMAP and SMTP scopes, e.g. `https://outlook.office.com/`. */
export function mailResource(cloud: CloudId): string {
  return mailOf(cloud).resource;
}

export function defaultMailServers(cloud: CloudId): MailServers {
  const mail = mailOf(cloud);
  return {
    imap: { host: mail.imapHost, port: defaultImapPort, security: 'tls' },
    smtp: { host: mail.smtpHost, port: defaultSmtpPort, security: 'starttls' },
  };
}

/** IMAP on 993 and SMTP on 465 speak TLS at once; other ports start in plain text and upgrade (STARTTLS). */
export function mailServers(cloud: CloudId, overrides: MailServerOverrides): MailServers {
  const defaults = defaultMailServers(cloud);
  const imapPort = overrides.imapPort ?? defaults.imap.port;
  const smtpPort = overrides.smtpPort ?? defaults.smtp.port;
  return {
    imap: { host: overrides.imapHost || defaults.imap.host, port: imapPort, security: imapPort === 993 ? 'tls' : 'starttls' },
    smtp: { host: overrides.smtpHost || defaults.smtp.host, port: smtpPort, security: smtpPort === 465 ? 'tls' : 'starttls' },
  };
}
