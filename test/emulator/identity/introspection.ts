// RFC 7662 token introspection, for mail servers (e.g. Dovecot's oauth2 passdb) that verify the
// XOAUTH2 / OAUTHBEARER bearer tokens the product sends. Microsoft offers no such endpoint: the
// real IMAP/SMTP servers verify tokens internally; this stands in for them, so it accepts only
// what Exchange Online accepts: tokens issued for its resource (a Graph token is inactive here).
import { formBody, json, type EmulatorRequest, type EmulatorResponse } from '../http.ts';
import type { IdentityContext } from './context.ts';
import { OUTLOOK_AUDIENCE } from './scopes.ts';

export async function handleIntrospection(ctx: IdentityContext, req: EmulatorRequest): Promise<EmulatorResponse> {
  const token = formBody(req).get('token') ?? undefined;
  const result = await ctx.tokens.verifyAccessToken(token, OUTLOOK_AUDIENCE);
  if (!result.ok) return json(200, { active: false });
  const { claims } = result;
  return json(200, {
    active: true,
    scope: claims.scp,
    client_id: claims.appid,
    username: claims.upn,
    token_type: 'Bearer',
    exp: claims.exp,
    sub: claims.oid,
    tid: claims.tid,
  });
}
