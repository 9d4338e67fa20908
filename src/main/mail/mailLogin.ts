// imapflow and nodemailer load on the first mail check only: together they add about 38 MB of
// resident memory, which a console idling in the tray should not carry for a Diagnostics button.

import type { MailServer } from '../../shared/integration/mailServers';

const timeoutMs = 15_000;

/**
 * Logs in over IMAP with the user's OAuth access token (imapflow picks OAUTHBEARER or XOAUTH2,
 * whichever the server offers) and logs out. Rejects with imapflow's error when refused.
 * Protocol logging stays off: its AUTHENTICATE line carries the token base64-encoded, which no
 * redactor can recognise.
 */
export async function imapLogin(server: MailServer, user: string, accessToken: string): Promise<void> {
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    doSTARTTLS: server.security === 'starttls' ? true : server.security === 'none' ? false : undefined,
    auth: { user, accessToken },
    logger: false,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  // A late socket error after a refused login must not become an unhandled 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.logout();
  } finally {
    client.close();
  }
}

/**
 * An SMTP transport logging in with SMTP AUTH XOAUTH2 and the user's access token (the login
 * identity may be a shared mailbox's address). `trustedCa` adds the integration's custom CA
 * (a TLS-inspecting proxy) to the public roots.
 */
export async function createSmtpTransport(server: MailServer, user: string, accessToken: string, trustedCa?: string[]) {
  const { createTransport } = await import('nodemailer');
  return createTransport({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    auth: { type: 'OAuth2', user, accessToken },
    logger: false,
    debug: false,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    tls: trustedCa ? { ca: trustedCa } : undefined,
  });
}

/** SMTP AUTH XOAUTH2 with the user's access token, without sending anything (nodemailer's verify). */
export async function smtpLogin(server: MailServer, user: string, accessToken: string, trustedCa?: string[]): Promise<void> {
  const transport = await createSmtpTransport(server, user, accessToken, trustedCa);
  try {
    await transport.verify();
  } finally {
    transport.close();
  }
}
