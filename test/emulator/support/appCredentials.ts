// A certificate and client assertions as an app would make them for the client-credentials grant
// (the product makes its own with MSAL; these let the emulator's rules be tested one by one).
import { createHash, createPrivateKey, randomUUID, X509Certificate } from 'node:crypto';
import { SignJWT } from 'jose';
import { generate } from 'selfsigned';
import type { Emulator } from '../server.ts';
import { postToken } from './session.ts';

export type AppCertificateFiles = { certPem: string; keyPem: string };

export async function makeAppCertificate(validity: { from?: Date; to?: Date } = {}): Promise<AppCertificateFiles> {
  const from = validity.from ?? new Date(Date.now() - 60_000);
  const to = validity.to ?? new Date(Date.now() + 365 * 24 * 3600_000);
  const made = await generate([{ name: 'commonName', value: 'Outlook Integration Console' }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: from,
    notAfterDate: to,
  });
  return { certPem: made.cert, keyPem: made.private };
}

export type AssertionOptions = {
  alg?: 'RS256' | 'PS256';
  /** Which thumbprint header names the certificate (MSAL 2+ sends x5t#S256). */
  thumbprintHeader?: 'x5t#S256' | 'x5t' | 'none';
  aud?: string;
  iss?: string;
  sub?: string;
  jti?: string;
  nbf?: number;
  exp?: number;
  /** Sign with this key instead of the certificate's. */
  signingKeyPem?: string;
};

export async function clientAssertion(
  emulator: Emulator,
  tenantId: string,
  clientId: string,
  files: AppCertificateFiles,
  options: AssertionOptions = {},
): Promise<string> {
  const raw = new X509Certificate(files.certPem).raw;
  const now = Math.floor(emulator.clock.now() / 1000);
  const header: Record<string, string> = { alg: options.alg ?? 'PS256', typ: 'JWT' };
  const which = options.thumbprintHeader ?? 'x5t#S256';
  if (which === 'x5t#S256') header['x5t#S256'] = createHash('sha256').update(raw).digest('base64url');
  if (which === 'x5t') header.x5t = createHash('sha1').update(raw).digest('base64url');
  return new SignJWT({
    aud: options.aud ?? `${emulator.authority(tenantId)}/oauth2/v2.0/token`,
    iss: options.iss ?? clientId,
    sub: options.sub ?? clientId,
    jti: options.jti ?? randomUUID(),
    nbf: options.nbf ?? now,
    iat: now,
    exp: options.exp ?? now + 600,
  })
    .setProtectedHeader(header as { alg: string })
    .sign(createPrivateKey(options.signingKeyPem ?? files.keyPem));
}

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export function appToken(emulator: Emulator, tenant: string, form: Record<string, string>) {
  return postToken(emulator, tenant, { grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default', ...form });
}
