// Authorization codes, grants, refresh tokens and signed JWTs. A grant is one user's sign-in to one
// app; revoking it (password reset, admin revocation) invalidates its refresh and access tokens.
import { createHash } from 'node:crypto';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { EmulatorClock } from '../clock.ts';
import { newGuid, newOpaqueToken } from '../ids.ts';
import type { User } from '../store.ts';

/** Microsoft Graph's application id: the `aud` of Graph access tokens. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const ACCESS_TOKEN_SECONDS = 3599;
const CODE_SECONDS = 600;
/** Entra's refresh token lifetime (90 days, sliding on use). */
const REFRESH_TOKEN_SECONDS = 90 * 24 * 3600;

export type AuthorizationCode = {
  clientId: string;
  userId: string;
  tenantId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string | null;
  codeChallengeMethod: string;
  nonce: string | null;
  expiresAt: number;
  redeemed: boolean;
};

export type Grant = { id: string; userId: string; clientId: string; tenantId: string; revoked: boolean };
type RefreshToken = { grantId: string; expiresAt: number };

export type AccessTokenClaims = {
  oid: string;
  tid: string;
  /** Delegated permissions; absent from app tokens. */
  scp?: string;
  /** Application permissions; in app tokens only, and only when some were consented. */
  roles?: string[];
  /** `app` for a token an app got as itself (client credentials); absent for a user's token. */
  idtyp?: 'app';
  appid: string;
  upn?: string;
  exp: number;
  uti: string;
  grant?: string;
};

export type AppTokenRequest = {
  clientId: string;
  tenantId: string;
  servicePrincipalId: string;
  roles: string[];
  issuer: string;
  authenticationMethod: '1' | '2';
  lifetimeSeconds: number;
};

export type VerifyResult = { ok: true; claims: AccessTokenClaims } | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'revoked' };

export class TokenService {
  readonly codes = new Map<string, AuthorizationCode>();
  readonly grants = new Map<string, Grant>();
  /** The live grant of each user and app (`userId|clientId`): a sign-in must not scan every grant of the tenant. */
  private readonly liveGrants = new Map<string, Grant>();
  private readonly refreshTokens = new Map<string, RefreshToken>();
  private privateKey!: CryptoKey;
  private publicJwk!: JWK;
  private readonly keyId = newOpaqueToken(12);
  private readonly clock: EmulatorClock;

  constructor(clock: EmulatorClock) {
    this.clock = clock;
  }

  async init(): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    this.privateKey = privateKey;
    this.publicJwk = { ...(await exportJWK(publicKey)), kid: this.keyId, use: 'sig', kty: 'RSA' };
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  issueCode(code: Omit<AuthorizationCode, 'expiresAt' | 'redeemed'>): string {
    const value = `1.${newOpaqueToken(48)}`;
    this.codes.set(value, { ...code, expiresAt: this.clock.now() + CODE_SECONDS * 1000, redeemed: false });
    return value;
  }

  grantFor(user: User, clientId: string): Grant {
    const key = `${user.id}|${clientId}`;
    const live = this.liveGrants.get(key);
    if (live && !live.revoked) return live;
    const grant: Grant = { id: newGuid(), userId: user.id, clientId, tenantId: user.tenantId, revoked: false };
    this.grants.set(grant.id, grant);
    this.liveGrants.set(key, grant);
    return grant;
  }

  /** Revokes every grant of a user (and app when given): what a password reset or admin "revoke sessions" does. */
  revoke(userId: string, clientId?: string): number {
    let count = 0;
    for (const grant of this.grants.values()) {
      if (grant.userId === userId && (!clientId || grant.clientId === clientId) && !grant.revoked) {
        grant.revoked = true;
        count++;
      }
    }
    return count;
  }

  issueRefreshToken(grant: Grant): string {
    const value = `1.${newOpaqueToken(96)}`;
    this.refreshTokens.set(value, { grantId: grant.id, expiresAt: this.clock.now() + REFRESH_TOKEN_SECONDS * 1000 });
    return value;
  }

  /** Entra does not invalidate a refresh token when it is used; clients are told to keep the newest. */
  lookupRefreshToken(value: string): { grant: Grant } | 'unknown' | 'expired' | 'revoked' {
    const token = this.refreshTokens.get(value);
    if (!token) return 'unknown';
    const grant = this.grants.get(token.grantId);
    if (!grant || grant.revoked) return 'revoked';
    if (token.expiresAt <= this.clock.now()) return 'expired';
    return { grant };
  }

  expireRefreshTokens(): void {
    for (const token of this.refreshTokens.values()) token.expiresAt = 0;
  }

  /** `audience`: Graph's app id, or Exchange Online's resource for IMAP / SMTP tokens. */
  async accessToken(
    grant: Grant,
    user: User,
    scopes: string[],
    issuer: string,
    audience: string = GRAPH_APP_ID,
  ): Promise<{ token: string; expiresIn: number }> {
    const now = Math.floor(this.clock.now() / 1000);
    const token = await new SignJWT({
      aud: audience,
      iss: issuer,
      iat: now,
      nbf: now,
      exp: now + ACCESS_TOKEN_SECONDS,
      appid: grant.clientId,
      oid: user.id,
      tid: user.tenantId,
      upn: user.userPrincipalName,
      unique_name: user.userPrincipalName,
      name: user.displayName,
      scp: scopes.join(' '),
      sub: pairwiseSubject(user.id, grant.clientId),
      uti: newOpaqueToken(16),
      ver: '1.0',
      // Not a Microsoft claim: lets the emulator's Graph reject tokens of a revoked grant.
      grant: grant.id,
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.keyId })
      .sign(this.privateKey);
    return { token, expiresIn: ACCESS_TOKEN_SECONDS };
  }

  /** A Graph token for an app acting as itself: no user, no `scp`; `roles` only when consented. */
  async appAccessToken(request: AppTokenRequest): Promise<string> {
    const now = Math.floor(this.clock.now() / 1000);
    return new SignJWT({
      aud: GRAPH_APP_ID,
      iss: request.issuer,
      iat: now,
      nbf: now,
      exp: now + request.lifetimeSeconds,
      appid: request.clientId,
      appidacr: request.authenticationMethod,
      idtyp: 'app',
      oid: request.servicePrincipalId,
      sub: request.servicePrincipalId,
      tid: request.tenantId,
      ...(request.roles.length > 0 ? { roles: request.roles } : {}),
      uti: newOpaqueToken(16),
      ver: '1.0',
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.keyId })
      .sign(this.privateKey);
  }

  async idToken(user: User, clientId: string, issuer: string, nonce: string | null): Promise<string> {
    const now = Math.floor(this.clock.now() / 1000);
    return new SignJWT({
      aud: clientId,
      iss: issuer,
      iat: now,
      nbf: now,
      exp: now + 3600,
      name: user.displayName,
      oid: user.id,
      preferred_username: user.userPrincipalName,
      sub: pairwiseSubject(user.id, clientId),
      tid: user.tenantId,
      ver: '2.0',
      ...(nonce ? { nonce } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.keyId })
      .sign(this.privateKey);
  }

  /** A token for another resource is refused as the real services do (`malformed`: not theirs). */
  async verifyAccessToken(token: string | undefined, audience: string = GRAPH_APP_ID): Promise<VerifyResult> {
    if (!token) return { ok: false, reason: 'missing' };
    try {
      const { payload } = await jwtVerify(token, this.publicJwk, {
        audience,
        currentDate: this.clock.date(),
      });
      const claims = payload as unknown as AccessTokenClaims;
      if (claims.idtyp === 'app') return { ok: true, claims };
      const grant = claims.grant ? this.grants.get(claims.grant) : undefined;
      if (!grant || grant.revoked) return { ok: false, reason: 'revoked' };
      return { ok: true, claims };
    } catch (error) {
      const code = (error as { code?: string }).code;
      return { ok: false, reason: code === 'ERR_JWT_EXPIRED' ? 'expired' : 'malformed' };
    }
  }
}

/** `sub` is pairwise: the same user has a different subject per application. */
function pairwiseSubject(userId: string, clientId: string): string {
  return createHash('sha256').update(`${userId}|${clientId}`).digest('base64url').slice(0, 43);
}
