/**
 * The certificate the console signs in with as itself (organisation-wide mode): an RSA key pair
 * made with node:crypto and a self-signed X.509 certificate around its public key. Node can read
 * certificates but not build them, so the building is @peculiar/x509's (a maintained library on
 * WebCrypto). The private key goes to the vault; the certificate (public) is what the
 * administrator uploads to the app registration in Entra.
 */
import { createHash, createPrivateKey, webcrypto, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/** Microsoft suggests short lives for credentials; two years matches the longest secret the portal offers. */
export const certificateValidityDays = 730;

const signingAlgorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

export type AppCertificateFacts = {
  certificatePem: string;
  /** Hex, upper case: what the Entra portal shows in Certificates & secrets. */
  thumbprintSha1: string;
  /** Hex: what MSAL needs (`thumbprintSha256`) to name the certificate in its assertions. */
  thumbprintSha256: string;
  notBefore: string;
  notAfter: string;
  createdAt: string;
};

export type GeneratedAppCertificate = AppCertificateFacts & { privateKeyPem: string };

export async function generateAppCertificate(subject: string, now: Date): Promise<GeneratedAppCertificate> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const keys = (await webcrypto.subtle.generateKey(signingAlgorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notBefore = new Date(now.getTime() - 5 * 60_000);
  const notAfter = new Date(now.getTime() + certificateValidityDays * 24 * 3600_000);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
      .toString('hex')
      .replace(/^[89a-f]/, '1'),
    name: `CN=${subject.replace(/[,=+<>#;"\\]/g, ' ')}`,
    notBefore,
    notAfter,
    signingAlgorithm,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const privateKeyPem = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }).toString();
  return { ...describeCertificate(certificate.toString('pem'), now), privateKeyPem };
}

/** The public facts of a certificate in PEM. */
export function describeCertificate(pem: string, createdAt: Date): AppCertificateFacts {
  const certificate = new X509Certificate(pem);
  return {
    certificatePem: certificate.toString(),
    thumbprintSha1: createHash('sha1').update(certificate.raw).digest('hex').toUpperCase(),
    thumbprintSha256: createHash('sha256').update(certificate.raw).digest('hex').toUpperCase(),
    notBefore: new Date(certificate.validFrom).toISOString(),
    notAfter: new Date(certificate.validTo).toISOString(),
    createdAt: createdAt.toISOString(),
  };
}
