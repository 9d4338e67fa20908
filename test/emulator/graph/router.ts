// Microsoft Graph v1.0: bearer token checked on every call, the mailbox limits, the scope a
// route needs, then the resource handlers.
import { header, json, type EmulatorRequest, type EmulatorResponse } from '../http.ts';
import type { MailboxLimits } from '../limits.ts';
import type { MailboxChanges } from '../mailboxChanges.ts';
import type { TokenService } from '../identity/tokenService.ts';
import { routeContacts } from './contacts.ts';
import { metadataUrl, type GraphCall, type GraphContext } from './context.ts';
import { graphError } from './errors.ts';
import { routeEvents } from './events.ts';
import { routeMail } from './mail.ts';

export type GraphDeps = {
  ctx: GraphContext;
  tokens: TokenService;
  changes: MailboxChanges;
  limits: MailboxLimits;
  /** Per-request latency, served while the request holds its mailbox slot. */
  latencyMs: () => number;
};

const READ_SCOPES: Record<string, string[]> = {
  user: ['User.Read', 'User.ReadWrite', 'User.ReadBasic.All', 'User.Read.All'],
  calendar: ['Calendars.Read', 'Calendars.ReadWrite', 'Calendars.ReadBasic'],
  contacts: ['Contacts.Read', 'Contacts.ReadWrite'],
  mail: ['Mail.Read', 'Mail.ReadWrite'],
};
const WRITE_SCOPES: Record<string, string[]> = {
  user: ['User.ReadWrite'],
  calendar: ['Calendars.ReadWrite'],
  contacts: ['Contacts.ReadWrite'],
  // sendMail's only permission (the *user: sendMail* page): Mail.ReadWrite does not send.
  mail: ['Mail.Send'],
};

function area(rest: string): 'user' | 'calendar' | 'contacts' | 'mail' {
  if (/^\/sendMail$/.test(rest)) return 'mail';
  if (/^\/(events|calendar|calendars|calendarView)(\/|$)/.test(rest)) return 'calendar';
  if (/^\/(contacts|contactFolders)(\/|$)/.test(rest)) return 'contacts';
  return 'user';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function handleGraphCall(deps: GraphDeps, req: EmulatorRequest): Promise<EmulatorResponse> {
  const { ctx } = deps;
  const now = ctx.clock.date();
  const bearer = header(req, 'authorization')?.replace(/^Bearer\s+/i, '');
  const verified = await deps.tokens.verifyAccessToken(bearer);
  if (!verified.ok) {
    const message = {
      missing: 'Access token is empty.',
      malformed: 'IDX14100: JWT is not well formed, there are no dots (.).',
      expired: 'Lifetime validation failed, the token is expired.',
      revoked: 'Access token has expired or is not yet valid.',
    }[verified.reason];
    return graphError(req, 401, 'InvalidAuthenticationToken', message, {
      now,
      headers: {
        'WWW-Authenticate':
          'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
      },
    });
  }
  const claims = verified.claims;
  const caller = ctx.directory.users.get(claims.oid);
  if (!caller) return graphError(req, 401, 'InvalidAuthenticationToken', 'The user of the token no longer exists.', { now });

  const match = /^\/v1\.0\/(me|users\/([^/]+))(\/.*)?$/.exec(req.url.pathname);
  if (!match)
    return graphError(req, 400, 'BadRequest', `Resource not found for the segment '${req.url.pathname.split('/')[2] ?? ''}'.`, { now });
  const target = match[2] ? ctx.directory.findUser(decodeURIComponent(match[2])) : caller;
  if (!target)
    return graphError(req, 404, 'ErrorInvalidUser', `The requested user '${decodeURIComponent(match[2] ?? '')}' is invalid.`, { now });
  if (target.id !== caller.id)
    return graphError(req, 403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.', { now });

  const slot = deps.limits.tryAcquire(claims.appid, target.id);
  if (!slot.ok) {
    const message =
      slot.limit === 'MailboxConcurrency'
        ? 'Application is over its MailboxConcurrency limit.'
        : 'Application is over its request limit for this mailbox.';
    // The service names the limit in the message only; innerError carries no code of its own.
    return graphError(req, 429, 'ApplicationThrottled', message, { now, headers: { 'Retry-After': String(slot.retryAfterSeconds) } });
  }
  try {
    const latency = deps.latencyMs();
    if (latency > 0) await sleep(latency);
    const rest = match[3] ?? '';
    const scopes = new Set(claims.scp.split(' '));
    const needed = (req.method === 'GET' ? READ_SCOPES : WRITE_SCOPES)[area(rest)];
    if (!needed.some((s) => scopes.has(s))) {
      return area(rest) === 'user'
        ? graphError(req, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.', { now })
        : graphError(req, 403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.', { now });
    }
    const call: GraphCall = {
      req,
      user: target,
      mailbox: ctx.directory.mailbox(target.id),
      rest,
      owner: match[1],
      scopes,
      clientId: claims.appid,
    };
    if (rest === '' && req.method === 'GET') return json(200, meJson(ctx, call));
    const response = routeEvents(ctx, deps.changes, call) ?? routeContacts(ctx, call) ?? (await routeMail(ctx, call));
    return response ?? graphError(req, 400, 'BadRequest', `Resource not found for the segment '${rest.split('/')[1] ?? ''}'.`, { now });
  } finally {
    slot.release();
  }
}

function meJson(ctx: GraphContext, call: GraphCall): Record<string, unknown> {
  const u = call.user;
  return {
    '@odata.context': metadataUrl(ctx, 'users/$entity'),
    businessPhones: [],
    displayName: u.displayName,
    givenName: u.givenName,
    jobTitle: u.jobTitle,
    mail: u.userPrincipalName,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: 'en-US',
    surname: u.surname,
    userPrincipalName: u.userPrincipalName,
    id: u.id,
  };
}
