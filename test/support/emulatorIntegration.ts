// The Integration page's settings pointing at the emulator as a custom cloud and trusting its CA:
// one definition for the core tests and the e2e tests.
import type { IntegrationConfig } from '../../src/shared/contract';
import { defaultConnection, noMailServerOverrides } from '../../src/shared/contract/integrationSettings';
import type { DemoTenant } from '../emulator/demoTenant';
import type { Emulator } from '../emulator/server';

export function emulatorIntegrationConfig(
  emulator: Emulator,
  demo: DemoTenant,
  overrides: Partial<IntegrationConfig> = {},
): IntegrationConfig {
  return {
    enabled: true,
    clientId: demo.app.clientId,
    accountType: 'singleTenant',
    tenant: demo.tenant.id,
    cloud: 'custom',
    customCloud: { loginHost: emulator.knownAuthority, graphHost: emulator.knownAuthority, caCertificatePem: emulator.caCert },
    redirectPort: null,
    features: { calendar: true, contacts: true, imap: false, smtp: false },
    mail: noMailServerOverrides,
    connection: defaultConnection,
    ...overrides,
  };
}
