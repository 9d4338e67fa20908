// What an app acting as itself (client credentials, application permissions) depends on, kept apart
// from the delegated directory: the certificates uploaded to the app registration (Entra's
// keyCredentials), the application permissions an administrator consented to (app role
// assignments), Exchange Online's application access policies / RBAC for Applications scopes, and
// which users have no Exchange Online mailbox. docs/graph-fidelity.md, "Application permissions".
import { createHash, X509Certificate } from 'node:crypto';
import type { EmulatorClock } from './clock.ts';
import { newGuid } from './ids.ts';
import type { Directory, User } from './store.ts';

/** A certificate uploaded to the app registration: its public key, thumbprints and validity. */
export type AppCertificate = {
  keyId: string;
  certificate: X509Certificate;
  /** Hex SHA-1 of the DER, as the portal shows it ("Thumbprint"). */
  sha1Thumbprint: string;
  /** Base64url of the SHA-1 and SHA-256 of the DER: what `x5t` and `x5t#S256` carry. */
  x5t: string;
  x5tS256: string;
  startDateTime: Date;
  endDateTime: Date;
};

/**
 * Exchange Online's two ways to limit an app to some mailboxes: `New-ApplicationAccessPolicy
 * -AccessRight RestrictAccess|DenyAccess -PolicyScopeGroupId group`, and RBAC for Applications
 * (`New-ManagementScope` + `New-ManagementRoleAssignment -App … -CustomResourceScope`). Both decide
 * per mailbox; the group's members are kept here as user ids.
 */
export type MailboxScopePolicy = {
  id: string;
  clientId: string;
  tenantId: string;
  accessRight: 'RestrictAccess' | 'DenyAccess';
  mailboxUserIds: Set<string>;
};

export class AppOnlyDirectory {
  private readonly certificates = new Map<string, AppCertificate[]>();
  /** tenantId|clientId → the application permissions (app roles) an administrator consented to. */
  private readonly appRoleGrants = new Map<string, Set<string>>();
  private readonly policies: MailboxScopePolicy[] = [];
  private readonly withoutMailbox = new Set<string>();
  /** Assertion ids (`jti`) already redeemed, with when they stop mattering (their `exp`). */
  private readonly usedAssertions = new Map<string, number>();
  private readonly servicePrincipals = new Map<string, string>();

  private readonly directory: Directory;
  private readonly clock: EmulatorClock;

  constructor(directory: Directory, clock: EmulatorClock) {
    this.directory = directory;
    this.clock = clock;
  }

  /** The portal's Certificates & secrets › Upload certificate (.cer, .pem or .crt: public key only). */
  uploadCertificate(clientId: string, pem: string): AppCertificate {
    if (!this.directory.apps.has(clientId)) throw new Error(`No app registration ${clientId}`);
    if (/PRIVATE KEY/.test(pem)) throw new Error('The portal takes the public certificate only, never a private key.');
    const certificate = new X509Certificate(pem);
    const uploaded: AppCertificate = {
      keyId: newGuid(),
      certificate,
      sha1Thumbprint: createHash('sha1').update(certificate.raw).digest('hex').toUpperCase(),
      x5t: createHash('sha1').update(certificate.raw).digest('base64url'),
      x5tS256: createHash('sha256').update(certificate.raw).digest('base64url'),
      startDateTime: new Date(certificate.validFrom),
      endDateTime: new Date(certificate.validTo),
    };
    this.certificates.set(clientId, [...(this.certificates.get(clientId) ?? []), uploaded]);
    return uploaded;
  }

  removeCertificates(clientId: string): void {
    this.certificates.delete(clientId);
  }

  certificatesOf(clientId: string): AppCertificate[] {
    return this.certificates.get(clientId) ?? [];
  }

  /** Admin consent to application permissions (Grant admin consent, or /adminconsent with .default). */
  grantApplicationConsent(tenantId: string, clientId: string, roles: Iterable<string>): void {
    const key = `${tenantId}|${clientId}`;
    this.appRoleGrants.set(key, new Set([...(this.appRoleGrants.get(key) ?? []), ...roles]));
  }

  revokeApplicationConsent(tenantId: string, clientId: string, role?: string): void {
    const key = `${tenantId}|${clientId}`;
    if (role) this.appRoleGrants.get(key)?.delete(role);
    else this.appRoleGrants.delete(key);
  }

  consentedRoles(tenantId: string, clientId: string): string[] {
    return [...(this.appRoleGrants.get(`${tenantId}|${clientId}`) ?? [])];
  }

  /** Whether the app has a service principal in the tenant (registered there, or admin-consented). */
  hasServicePrincipal(tenantId: string, clientId: string): boolean {
    const app = this.directory.apps.get(clientId);
    if (!app) return false;
    return app.homeTenantId === tenantId || this.appRoleGrants.has(`${tenantId}|${clientId}`);
  }

  /** The object id of the app's service principal in the tenant: an app token's `oid` and `sub`. */
  servicePrincipalId(tenantId: string, clientId: string): string {
    const key = `${tenantId}|${clientId}`;
    let id = this.servicePrincipals.get(key);
    if (!id) {
      id = newGuid();
      this.servicePrincipals.set(key, id);
    }
    return id;
  }

  /** `New-ApplicationAccessPolicy -AppId … -PolicyScopeGroupId … -AccessRight …` (or an RBAC scope). */
  addMailboxScopePolicy(clientId: string, accessRight: MailboxScopePolicy['accessRight'], mailboxUpns: string[]): MailboxScopePolicy {
    const app = this.directory.apps.get(clientId);
    if (!app) throw new Error(`No app registration ${clientId}`);
    const ids = mailboxUpns.map((upn) => {
      const user = this.directory.findUser(upn);
      if (!user) throw new Error(`No user ${upn}`);
      return user.id;
    });
    const policy: MailboxScopePolicy = { id: newGuid(), clientId, tenantId: app.homeTenantId, accessRight, mailboxUserIds: new Set(ids) };
    this.policies.push(policy);
    return policy;
  }

  removeMailboxScopePolicies(clientId: string): void {
    for (let i = this.policies.length - 1; i >= 0; i--) if (this.policies[i].clientId === clientId) this.policies.splice(i, 1);
  }

  /**
   * `Test-ApplicationAccessPolicy`: no policy for the app → every mailbox; RestrictAccess → only the
   * group's members; DenyAccess → everyone but them. Several policies must all allow it.
   */
  mailboxInScope(clientId: string, mailbox: User): boolean {
    return this.policies
      .filter((policy) => policy.clientId === clientId && policy.tenantId === mailbox.tenantId)
      .every((policy) => policy.mailboxUserIds.has(mailbox.id) === (policy.accessRight === 'RestrictAccess'));
  }

  /** A user without an Exchange Online licence: in the directory, with no mailbox behind it. */
  removeMailbox(upn: string): void {
    const user = this.directory.findUser(upn);
    if (!user) throw new Error(`No user ${upn}`);
    this.withoutMailbox.add(user.id);
  }

  hasMailbox(userId: string): boolean {
    return !this.withoutMailbox.has(userId);
  }

  /** True the first time an assertion id is seen before its expiry: a replayed assertion is refused. */
  firstUseOfAssertion(jti: string, expiresAt: number): boolean {
    const now = this.clock.now();
    for (const [id, until] of this.usedAssertions) if (until < now) this.usedAssertions.delete(id);
    if (this.usedAssertions.has(jti)) return false;
    this.usedAssertions.set(jti, expiresAt);
    return true;
  }
}
