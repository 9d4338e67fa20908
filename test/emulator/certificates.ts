// A throw-away certificate authority and a server certificate for `localhost` / 127.0.0.1,
// generated per run, so nothing trusts the emulator except a client handed this run's CA.
import { generate } from 'selfsigned';

export type EmulatorCertificates = {
  /** PEM of the CA a client must trust (custom CA setting, NODE_EXTRA_CA_CERTS, tls `ca`). */
  caCert: string;
  serverCert: string;
  serverKey: string;
};

export async function generateCertificates(): Promise<EmulatorCertificates> {
  const now = new Date();
  const inADay = new Date(now.getTime() + 24 * 3600_000);
  const ca = await generate([{ name: 'commonName', value: 'Microsoft 365 emulator test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: inADay,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: inADay,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { caCert: ca.cert, serverCert: server.cert, serverKey: server.private };
}
