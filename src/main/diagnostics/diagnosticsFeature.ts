import type { DiagnosticCheck, FeatureModule } from '../contract/featureModule';
import type { PlatformServices } from '../contract/platformServices';
import { coreChecks } from './coreChecks';
import { registerDiagnosticsHandlers } from './diagnosticsHandlers';
import { DiagnosticsService } from './diagnosticsService';

/** The Diagnostics page: the console's own checks and every feature's, run on demand; its report goes into the log bundle. */
export function createDiagnosticsFeature(
  platform: PlatformServices,
  vaultHealth: Parameters<typeof coreChecks>[0]['vaultHealth'],
  featureChecks: readonly DiagnosticCheck[],
): FeatureModule {
  const { host, db: database, settings, notices } = platform;
  const diagnostics = new DiagnosticsService(platform.now, platform.logs.logger('diagnostics'));
  const own = coreChecks({ dataDir: host.dataDir, database, encryptor: host.encryptor, settings, notices, vaultHealth });
  for (const check of [...own, ...featureChecks]) diagnostics.register(check);
  return {
    registerHandlers: (registry) => registerDiagnosticsHandlers(registry, diagnostics),
    // The bundle carries a fresh Diagnostics report, so support sees the state at export time.
    bundleContributors: [async () => [{ path: 'diagnostics.json', content: JSON.stringify(await diagnostics.run(), null, 2) }]],
  };
}
