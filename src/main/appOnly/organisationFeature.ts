/**
 * Organisation-wide mode (issue 18), built from its ports by one factory: the certificate, the
 * app-token provider, the mailboxes reached with it, and the Graph access the features use, which
 * follows the connection mode chosen on the Integration page at each call (switching modes keeps
 * the workspace, the links and the sync state: only how a mailbox is reached changes).
 */
import type { OrganisationMailboxes as OrganisationMailboxesView } from '../../shared/contract';
import type { AccessService } from '../access/accessService';
import type { FeatureModule } from '../contract/featureModule';
import type { PlatformServices } from '../contract/platformServices';
import { describeVaultProtection } from '../vault/vaultProtection';
import { organisationChecks } from './organisationChecks';
import type { HandlerRegistry } from '../contract/handlerRegistry';
import type { GraphAccessProvider } from '../graph/graphAccess';
import type { RetryPolicy } from '../graph/retryPolicy';
import type { IntegrationService } from '../integration/integrationService';
import type { SecretLifetime } from '../logs/redactor';
import type { Logger } from '../logs/logService';
import type { CredentialVault, SecretPlacement } from '../vault/credentialVault';
import { AppCertificateService } from './appCertificateService';
import { ApplicationTokens, type AppCredential } from './applicationTokens';
import { OrganisationMailboxes } from './organisationMailboxes';

export type OrganisationModePorts = {
  integration: IntegrationService;
  vault: CredentialVault;
  access: Pick<AccessService, 'getUser' | 'overview' | 'checkScope'>;
  log: Logger;
  registerSecret: (value: string, lifetime?: SecretLifetime) => void;
  now: () => Date;
  retryPolicy?: RetryPolicy;
  placement: () => SecretPlacement;
};

export type OrganisationMode = ReturnType<typeof createOrganisationMode>;

export function createOrganisationMode(ports: OrganisationModePorts) {
  const certificates = new AppCertificateService(ports);
  const credential = async (): Promise<AppCredential | undefined> => {
    if (ports.integration.config().connection.credential === 'secret') {
      const secret = await ports.integration.clientSecret();
      return secret ? { kind: 'secret', secret } : undefined;
    }
    const held = await certificates.credential();
    return held ? { kind: 'certificate', ...held } : undefined;
  };
  const tokens = new ApplicationTokens({
    config: () => ports.integration.config(),
    credential,
    log: ports.log,
    registerSecret: ports.registerSecret,
    retryPolicy: ports.retryPolicy,
  });
  const mailboxes = new OrganisationMailboxes({ access: ports.access, tokens, now: ports.now });
  /** The users access control lets sync (Outlook Calendar or Outlook Contacts), each with its last mailbox check. */
  const mailboxList = (): OrganisationMailboxesView => ({
    active: isActive(),
    rows: ports.access
      .overview()
      .users.map((user) => ({
        user: { id: user.id, name: user.name, email: user.email },
        syncs: (['outlookCalendar', 'outlookContacts'] as const).filter((scope) => ports.access.checkScope(user.id, scope).granted),
        check: mailboxes.lastCheck(user.id),
      }))
      .filter((row) => row.syncs.length > 0),
  });
  const isActive = () => ports.integration.config().connection.mode === 'application';
  return {
    certificates,
    tokens,
    mailboxes,
    isActive,
    mailboxList,
    /** The provider the Graph features use: the app's mailboxes in organisation mode, `delegated` otherwise. */
    graphAccess(delegated: GraphAccessProvider): GraphAccessProvider {
      return (userId) => (isActive() ? mailboxes.graphAccess(userId) : delegated(userId));
    },
    register(registry: HandlerRegistry): void {
      registry.handle('integration.generateCertificate', () => certificates.generate());
      registry.handle('integration.certificateFile', () => certificates.certificateFile());
      registry.handle('organisation.mailboxes', () => mailboxList());
      registry.handle('organisation.checkMailboxes', async () => {
        // A few at a time: each check is two Graph calls, and Outlook's limits are per app and mailbox.
        const rows = mailboxList().rows;
        for (let i = 0; i < rows.length; i += 4) await Promise.all(rows.slice(i, i + 4).map((row) => mailboxes.check(row.user.id)));
        return mailboxList();
      });
    },
  };
}

/** The feature as core.ts wires it: the mode, its channels and its Diagnostics checks. */
export function createOrganisationFeature(
  platform: PlatformServices,
  features: { access: AccessService; integration: IntegrationService },
): { module: FeatureModule; organisation: OrganisationMode } {
  const { host, logs } = platform;
  const organisation = createOrganisationMode({
    ...features,
    vault: platform.vault,
    log: logs.logger('integration'),
    registerSecret: (value, lifetime) => logs.redactor.registerSecret(value, lifetime),
    now: platform.now,
    retryPolicy: platform.graphPolicy,
    // The private key is stored as the client secret is: only in memory when nothing protects the vault.
    placement: () => (describeVaultProtection(host.encryptor).protection === 'unprotected' ? 'memory' : 'vault'),
  });
  return {
    organisation,
    module: {
      registerHandlers: (registry) => organisation.register(registry),
      checks: organisationChecks(organisation, features.integration),
    },
  };
}
