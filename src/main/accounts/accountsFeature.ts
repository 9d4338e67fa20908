import type { AccessService } from '../access/accessService';
import type { EventSubscription, FeatureModule } from '../contract/featureModule';
import { changedAt, type PlatformServices } from '../contract/platformServices';
import type { IntegrationService } from '../integration/integrationService';
import { signInHostProblem } from '../integration/credentialsTest';
import { accountChecks } from './accountChecks';
import { registerAccountHandlers } from './accountHandlers';
import { AccountService } from './accountService';

/** Connected Outlook accounts, created from the platform and the features they use: called once, by core.ts. */
export function createAccountsFeature(
  platform: PlatformServices,
  features: { access: AccessService; integration: IntegrationService },
): { module: FeatureModule; accounts: AccountService } {
  const { db, vault, now, events, logs, host } = platform;
  const announce = () => events.emit('accounts.changed', changedAt(now));
  const accounts = new AccountService({
    ...features,
    db,
    vault,
    now,
    log: logs.logger('accounts'),
    registerSecret: (value, lifetime) => logs.redactor.registerSecret(value, lifetime),
    forgetSecretsOf: (owner) => logs.redactor.forgetOwner(owner),
    openBrowser: host.openBrowser,
    canOpenBrowser: host.canOpenBrowser,
    attemptTimeoutMs: host.signInTimeoutMs,
    retryPolicy: platform.graphPolicy,
    onChange: announce,
    onAttemptFinished: (outcome) => events.emit('accounts.attemptFinished', outcome),
  });
  platform.memoryRelease.whenQuiet(() => accounts.releaseClients());
  // Its rows show whether each sign-in's tokens are readable: a vault change is an accounts change.
  // A settings or vault change may change the integration: the MSAL clients are rebuilt (and the secret
  // decrypted) once per change, never per request.
  const onVaultChange: EventSubscription = ({ event }) => {
    if (event === 'settings.changed' || event === 'vault.changed') accounts.integrationChanged();
    if (event === 'vault.changed') announce();
  };
  return {
    accounts,
    module: {
      // Connect first checks that Microsoft's sign-in host answers, so an unreachable one is said at once.
      registerHandlers: (registry) => registerAccountHandlers(registry, accounts, () => signInHostProblem(features.integration.config())),
      checks: accountChecks({ accounts, integration: features.integration, fetch: host.fetch }),
      subscriptions: [onVaultChange],
      currentState: () => [{ event: 'accounts.changed', payload: changedAt(now) }],
      shutdown: () => accounts.shutdown(),
    },
  };
}
