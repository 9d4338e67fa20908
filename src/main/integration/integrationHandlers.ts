import type { HandlerRegistry } from '../bridge/handlerRegistry';
import type { AdminConsentFlow } from './adminConsent';
import { exportConfigDocument, parseConfigDocument, previewImport } from './configTransfer';
import type { IntegrationService } from './integrationService';

export function registerIntegrationHandlers(registry: HandlerRegistry, integration: IntegrationService, consent: AdminConsentFlow, now: () => Date): void {
  registry.handle('integration.get', () => integration.view());
  registry.handle('integration.save', (input) => integration.save(input));
  registry.handle('integration.removeSecret', () => integration.removeSecret());
  registry.handle('integration.startConsent', () => consent.start());
  registry.handle('integration.exportConfig', () => exportConfigDocument(integration.config(), now()));
  registry.handle('integration.previewImport', ({ json }) =>
    previewImport(integration.config(), parseConfigDocument(json), ['stored', 'memoryOnly'].includes(integration.view().secret.state)),
  );
  registry.handle('integration.applyImport', ({ json }) => integration.applyConfig(parseConfigDocument(json)));
}
