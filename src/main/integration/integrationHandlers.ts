import type { HandlerRegistry } from '../contract/handlerRegistry';
import type { AdminConsentFlow } from './adminConsent';
import { configToImport, exportConfigDocument, parseConfigDocument, previewImport } from './configTransfer';
import { testCredentials } from './credentialsTest';
import type { IntegrationService } from './integrationService';

export function registerIntegrationHandlers(
  registry: HandlerRegistry,
  integration: IntegrationService,
  consent: Pick<AdminConsentFlow, 'start'>,
  now: () => Date,
): void {
  registry.handle('integration.get', () => integration.view());
  registry.handle('integration.save', (input) => integration.save(input));
  registry.handle('integration.removeSecret', () => integration.removeSecret());
  registry.handle('integration.startConsent', () => consent.start());
  registry.handle('integration.testCredentials', async () => ({
    ...(await testCredentials(integration.config(), await integration.clientSecret())),
    checkedAt: now().toISOString(),
  }));
  registry.handle('integration.exportConfig', () => exportConfigDocument(integration.config(), now()));
  const secretIsSet = () => ['stored', 'memoryOnly'].includes(integration.view().secret.state);
  registry.handle('integration.previewImport', ({ json }) => previewImport(integration.config(), parseConfigDocument(json), secretIsSet()));
  registry.handle('integration.applyImport', ({ json }) =>
    integration.applyConfig(configToImport(parseConfigDocument(json), secretIsSet())),
  );
}
