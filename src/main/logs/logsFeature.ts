import type { AppInfo } from '../../shared/contract';
import type { FeatureModule } from '../contract/featureModule';
import type { PlatformServices } from '../contract/platformServices';
import { zipArchive } from '../files/fileTypes';
import { createLogBundle, type BundleContributor, type BundlePeriod } from './logBundle';
import { registerLogHandlers } from './logHandlers';

const dayMs = 24 * 60 * 60 * 1000;

export type LogsFeaturePorts = {
  app: Omit<AppInfo, 'notices' | 'hostName' | 'startedAt'>;
  /** Every feature's part of the bundle (job history, the Diagnostics report), read at export time. */
  contributors: () => readonly BundleContributor[];
};

/** The Logs page: level, retention (pruned daily) and the log bundle, created from its ports. */
export function createLogsFeature(platform: PlatformServices, ports: LogsFeaturePorts): FeatureModule {
  const { logs, settings } = platform;
  const log = logs.logger('core');
  const exportBundle = async (period: BundlePeriod) => {
    const bundle = await createLogBundle({
      period,
      logs,
      settings: settings.get(),
      app: ports.app,
      now: platform.now(),
      contributors: ports.contributors(),
    });
    const delivery = await platform.host.deliverFile(bundle.fileName, bundle.bytes, zipArchive);
    log.info(`Log bundle ${bundle.fileName} exported (${period.from} to ${period.to}).`, {
      bytes: bundle.bytes.length,
      delivery: delivery.kind,
    });
    return { fileName: bundle.fileName, bytes: bundle.bytes.length, delivery };
  };
  let dailyPrune: ReturnType<typeof setInterval> | undefined;
  return {
    registerHandlers: (registry) => registerLogHandlers(registry, logs, settings, exportBundle),
    start: () => {
      logs.prune(settings.get().logging.retentionDays);
      dailyPrune = setInterval(() => logs.prune(settings.get().logging.retentionDays), dayMs);
      dailyPrune.unref();
    },
    shutdown: () => clearInterval(dailyPrune),
  };
}
