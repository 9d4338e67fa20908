// smtp-server standing in for Exchange Online's SMTP AUTH submission (smtp.office365.com:587):
// STARTTLS with the emulator's certificate before AUTH, XOAUTH2 only, the bearer token verified
// as Exchange verifies it (issued for Exchange Online, SMTP.Send granted, the login a mailbox the
// token's user may use), 535 5.7.139 for a mailbox without Authenticated SMTP, and 554 5.2.252
// SendAsDenied when MAIL FROM is not the mailbox that logged in.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { OUTLOOK_AUDIENCE } from '../emulator/identity/scopes.ts';
import type { Emulator } from '../emulator/server.ts';

export type DeliveredMessage = { login: string; from: string; to: string[]; raw: Buffer };
export type ExchangeSmtp = {
  port: number;
  delivered: DeliveredMessage[];
  /** Mailboxes (lower case) whose Authenticated SMTP is switched off. */
  smtpAuthDisabled: Set<string>;
  logins: () => number;
  stop(): Promise<void>;
};

// Office 365's answer for a mailbox without Authenticated SMTP (TOOLCHAIN.md).
const smtpAuthDisabledText =
  '5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.';

export async function startExchangeSmtp(emulator: Emulator): Promise<ExchangeSmtp> {
  const delivered: DeliveredMessage[] = [];
  const smtpAuthDisabled = new Set<string>();
  let logins = 0;
  const server = new SMTPServer({
    authMethods: ['XOAUTH2'],
    key: emulator.serverCertificate.key,
    cert: emulator.serverCertificate.cert,
    logger: false,
    size: 35 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      void (async () => {
        logins++;
        const refused = () => callback(null, { data: { status: '401', schemes: 'bearer' } });
        const verified = await emulator.tokens.verifyAccessToken(auth.accessToken, OUTLOOK_AUDIENCE);
        if (!verified.ok || !(verified.claims.scp ?? '').split(' ').includes('SMTP.Send')) return refused();
        const mailbox = emulator.directory.findUser(auth.username ?? '');
        if (!mailbox || !emulator.directory.hasFullAccess(mailbox.id, verified.claims.oid)) return refused();
        if (smtpAuthDisabled.has(mailbox.userPrincipalName.toLowerCase()))
          return callback(Object.assign(new Error(smtpAuthDisabledText), { responseCode: 535 }));
        callback(null, { user: mailbox.userPrincipalName });
      })();
    },
    onMailFrom(address, session, callback) {
      const login = String(session.user ?? '');
      if (address.address.toLowerCase() !== login.toLowerCase()) {
        return callback(
          Object.assign(new Error(`5.2.252 SendAsDenied; ${login} not allowed to send as ${address.address}`), { responseCode: 554 }),
        );
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        delivered.push({
          login: String(session.user),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    delivered,
    smtpAuthDisabled,
    logins: () => logins,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
