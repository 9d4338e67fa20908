import type { EventSubscription, FeatureModule } from '../contract/featureModule';
import type { PlatformServices } from '../contract/platformServices';
import { AdminConsentFlow } from './adminConsent';
import { createAdminConsentStarter } from './adminConsentRedirect';
import { integrationChecks } from './integrationChecks';
import { registerIntegrationHandlers } from './integrationHandlers';
import { IntegrationService } from './integrationService';
import { SecretExpiryMonitor } from './secretExpiryMonitor';

/** Hourly is enough for reminders counted in days; it also catches a machine that slept. */
const expiryCheckIntervalMs = 60 * 60 * 1000;

export type IntegrationFeature = { module: FeatureModule; integration: IntegrationService; adminConsent: AdminConsentFlow };

/**
 * The Azure app registration: credentials, permissions, admin consent and the secret's expiry
 * reminders. `onExpiryStateChange` is told when a reminder threshold is crossed (the status bar shows it).
 */
export function createIntegrationFeature(platform: PlatformServices, onExpiryStateChange: () => void): IntegrationFeature {
  const { settings, vault, now, events, host } = platform;
  const { encryptor, canOpenBrowser } = host;
  const integration = new IntegrationService({ settings, vault, encryptor, now, canOpenBrowser });
  const adminConsent = new AdminConsentFlow({ integration, openBrowser: host.openBrowser, canOpenBrowser, now });
  const log = platform.logs.logger('integration');
  const consentStarter = createAdminConsentStarter({ flow: adminConsent, integration, log, timeoutMs: host.signInTimeoutMs });
  const expiryMonitor = new SecretExpiryMonitor({
    currentExpiry: () => integration.secretExpiry(),
    remindersSent: () => integration.settings().secret.remindersSent,
    markReminderSent: (threshold) => {
      const { secret } = integration.settings();
      integration.recordFacts({ secret: { ...secret, remindersSent: [...secret.remindersSent, threshold] } });
    },
    notifyDesktop: host.notifyDesktop,
    onStateChange: onExpiryStateChange,
  });
  // Import, save, secret removal and recorded facts all land in the settings; the secret's state in the vault.
  const announce: EventSubscription = ({ event }) => {
    if (event !== 'settings.changed' && event !== 'vault.changed') return;
    events.emit('integration.changed', integration.view());
    if (event === 'settings.changed') expiryMonitor.check();
  };
  return {
    integration,
    adminConsent,
    module: {
      registerHandlers: (registry) => registerIntegrationHandlers(registry, integration, consentStarter, now),
      checks: integrationChecks(integration),
      subscriptions: [announce],
      currentState: () => [{ event: 'integration.changed', payload: integration.view() }],
      start: () => expiryMonitor.start(expiryCheckIntervalMs),
      shutdown: () => {
        consentStarter.shutdown();
        expiryMonitor.stop();
      },
    },
  };
}
