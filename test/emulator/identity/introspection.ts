// RFC 7662 token introspection, for mail servers (e.g. Dovecot's oauth2 passdb) that verify the
// XOAUTH2 / OAUTHBEARER bearer tokens the product sends. Microsoft offers no such endpoint: the
// real IMAP/SMTP servers verify tokens internally; this stands in for them, so it accepts only
// what Exchange Online's IMAP accepts: tokens issued for its resource (a Graph token is inactive
// here) carrying IMAP.AccessAsUser.All, for a mailbox whose IMAP is switched on.
import { formBody, json, type EmulatorRequest, type EmulatorResponse } from '../http.ts';
import type { AccessTokenClaims } from './tokenService.ts';
import type { IdentityContext } from './context.ts';
import { OUTLOOK_AUDIENCE } from './scopes.ts';

const imapScope = 'IMAP.AccessAsUser.All';

async function activeImapToken(ctx: IdentityContext, req: EmulatorRequest): Promise<AccessTokenClaims | null> {
  const token = formBody(req).get('token') ?? undefined;
  const result = await ctx.tokens.verifyAccessToken(token, OUTLOOK_AUDIENCE);
  if (!result.ok || !(result.claims.scp ?? '').split(' ').includes(imapScope)) return null;
  return result.claims;
}

function answer(claims: AccessTokenClaims, username: string): EmulatorResponse {
  return json(200, {
    active: true,
    scope: claims.scp,
    client_id: claims.appid,
    username,
    token_type: 'Bearer',
    exp: claims.exp,
    sub: claims.oid,
    tid: claims.tid,
  });
}

export async function handleIntrospection(ctx: IdentityContext, req: EmulatorRequest): Promise<EmulatorResponse> {
  const claims = await activeImapToken(ctx, req);
  if (!claims || ctx.directory.imapDisabled.has(claims.oid)) return json(200, { active: false });
  return answer(claims, claims.upn ?? '');
}

/**
 * The login of a shared mailbox with the token of a user who has Full Access to it (Exchange's
 * delegated shared-mailbox access: the mailbox address as the login, the user's token). Dovecot
 * cannot pass the login name to introspection, so each shared mailbox has its own URL.
 */
export async function handleSharedIntrospection(
  ctx: IdentityContext,
  req: EmulatorRequest,
  mailboxAddress: string,
): Promise<EmulatorResponse> {
  const claims = await activeImapToken(ctx, req);
  const mailbox = ctx.directory.findUser(mailboxAddress);
  if (!claims || !mailbox || ctx.directory.imapDisabled.has(mailbox.id) || !ctx.directory.hasFullAccess(mailbox.id, claims.oid))
    return json(200, { active: false });
  return answer(claims, mailbox.userPrincipalName);
}
