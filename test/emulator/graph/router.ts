// Microsoft Graph v1.0: bearer token checked on every call, the mailbox limits, the scope a
// route needs, then the resource handlers.
import { header, json, type EmulatorRequest, type EmulatorResponse } from '../http.ts';
import type { MailboxLimits } from '../limits.ts';
import type { MailboxChanges } from '../mailboxChanges.ts';
import type { AccessTokenClaims, TokenService } from '../identity/tokenService.ts';
import type { AppOnlyDirectory } from '../appOnly.ts';
import type { User } from '../store.ts';
import { routeContacts } from './contacts.ts';
import { metadataUrl, type GraphCall, type GraphContext } from './context.ts';
import { graphError } from './errors.ts';
import { routeEvents } from './events.ts';
import { routeMail } from './mail.ts';

export type GraphDeps = {
  ctx: GraphContext;
  appOnly: AppOnlyDirectory;
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
/** Application permissions (app tokens' `roles`) per area: Microsoft Graph's permissions reference. */
const APP_READ_ROLES: Record<string, string[]> = {
  user: ['User.Read.All', 'User.ReadBasic.All', 'User.ReadWrite.All', 'Directory.Read.All'],
  calendar: ['Calendars.Read', 'Calendars.ReadWrite', 'Calendars.ReadBasic.All'],
  contacts: ['Contacts.Read', 'Contacts.ReadWrite'],
  mail: ['Mail.Read', 'Mail.ReadWrite'],
};
const APP_WRITE_ROLES: Record<string, string[]> = {
  user: ['User.ReadWrite.All'],
  calendar: ['Calendars.ReadWrite'],
  contacts: ['Contacts.ReadWrite'],
  mail: ['Mail.Send'],
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
  const resolved = resolveTarget(deps, req, claims, now);
  if ('status' in resolved) return resolved;
  const slot = deps.limits.tryAcquire(claims.appid, resolved.target.id);
  if (!slot.ok) {
    const message =
      slot.limit === 'MailboxConcurrency'
        ? 'Application is over its MailboxConcurrency limit.'
        : 'Application is over its request limit for this mailbox.';
    // The service names the limit in the message only; innerError carries no code of its own.
    return graphError(req, 429, 'ApplicationThrottled', message, { now, headers: { 'Retry-After': String(slot.retryAfterSeconds) } });
  }
  // The latency is the time Graph takes to answer, its own work included: the answer is built as
  // the request arrives and sent once the latency has passed. Sleeping first and building after
  // added this one thread's work on top, so twenty answers due together left one after another,
  // up to 70 ms late, and figures measured against the latency measured the emulator
  // (docs/benchmarks.md, issue 17's fifth round).
  const answerAt = Date.now() + deps.latencyMs();
  try {
    const response = await answerCall(deps, req, claims, resolved, now);
    const wait = answerAt - Date.now();
    if (wait > 0) await sleep(wait);
    return response;
  } finally {
    slot.release();
  }
}

async function answerCall(
  deps: GraphDeps,
  req: EmulatorRequest,
  claims: AccessTokenClaims,
  { target, match }: Target,
  now: Date,
): Promise<EmulatorResponse> {
  const { ctx } = deps;
  const rest = match[3] ?? '';
  const appOnly = claims.idtyp === 'app';
  const scopes = new Set(appOnly ? (claims.roles ?? []) : (claims.scp ?? '').split(' '));
  const needed = (appOnly ? (req.method === 'GET' ? APP_READ_ROLES : APP_WRITE_ROLES) : req.method === 'GET' ? READ_SCOPES : WRITE_SCOPES)[
    area(rest)
  ];
  if (!needed.some((s) => scopes.has(s))) {
    return area(rest) === 'user'
      ? graphError(req, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.', { now })
      : graphError(req, 403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.', { now });
  }
  if (area(rest) !== 'user') {
    const refused = mailboxRefusal(deps, req, claims, target, now);
    if (refused) return refused;
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
}

type Target = { target: User; match: RegExpExecArray };

/**
 * Whose mailbox the path names, and whether this token may name it: a user's token only its own
 * (`/me` or its own id); an app token only `/users/{id | userPrincipalName}` — Graph has no `/me`
 * without a signed-in user.
 */
function resolveTarget(deps: GraphDeps, req: EmulatorRequest, claims: AccessTokenClaims, now: Date): Target | EmulatorResponse {
  const { ctx } = deps;
  const appOnly = claims.idtyp === 'app';
  if (appOnly && !claims.roles?.length)
    return graphError(req, 401, 'InvalidAuthenticationToken', 'Either scp or roles claim need to be present in the token.', { now });
  const caller = appOnly ? undefined : ctx.directory.users.get(claims.oid);
  if (!appOnly && !caller) return graphError(req, 401, 'InvalidAuthenticationToken', 'The user of the token no longer exists.', { now });
  const match = /^\/v1\.0\/(me|users\/([^/]+))(\/.*)?$/.exec(req.url.pathname);
  if (!match)
    return graphError(req, 400, 'BadRequest', `Resource not found for the segment '${req.url.pathname.split('/')[2] ?? ''}'.`, { now });
  if (appOnly && !match[2])
    return graphError(req, 400, 'BadRequest', '/me request is only valid with delegated authentication flow.', { now });
  const named = match[2] ? ctx.directory.findUser(decodeURIComponent(match[2])) : caller;
  // An app sees only its own tenant's directory.
  const target = named && (!appOnly || named.tenantId === claims.tid) ? named : undefined;
  if (!target)
    return graphError(req, 404, 'ErrorInvalidUser', `The requested user '${decodeURIComponent(match[2] ?? '')}' is invalid.`, { now });
  if (caller && target.id !== caller.id)
    return graphError(req, 403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.', { now });
  return { target, match };
}

/**
 * Exchange Online's own refusals for a mailbox (not for the directory's `/users/{id}`): a user with
 * no mailbox, and — for app tokens — a mailbox outside the app's application access policy or
 * RBAC for Applications scope.
 */
function mailboxRefusal(
  deps: GraphDeps,
  req: EmulatorRequest,
  claims: AccessTokenClaims,
  target: User,
  now: Date,
): EmulatorResponse | null {
  if (!deps.appOnly.hasMailbox(target.id))
    return graphError(req, 404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.', {
      now,
    });
  if (claims.idtyp === 'app' && !deps.appOnly.mailboxInScope(claims.appid, target))
    return graphError(
      req,
      403,
      'ErrorAccessDenied',
      'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.',
      { now },
    );
  return null;
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
