import { createHash } from 'node:crypto';
import { arch, release } from 'node:os';
import type { AppInfo } from '../../shared/contract';
import type { LogService } from './logService';

export type BundlePeriod = { from: string; to: string };

/** A part of the bundle another feature adds (job history, the Diagnostics report). */
export type BundleFile = { path: string; content: string };
export type BundleContributor = (period: BundlePeriod) => BundleFile[] | Promise<BundleFile[]>;

export type LogBundleInput = {
  period: BundlePeriod;
  logs: LogService;
  settings: unknown;
  app: Omit<AppInfo, 'notices' | 'hostName' | 'timeZone' | 'startedAt'>;
  now: Date;
  contributors: readonly BundleContributor[];
};

/**
 * What support needs to see what happened: the log files of the period, the settings (which never
 * hold a secret), versions, whatever other features contribute, and a manifest. Every text file is
 * passed through the redactor once more on the way in, so a secret that reached a file before it
 * was registered still does not leave the machine.
 */
export async function createLogBundle(input: LogBundleInput): Promise<{ fileName: string; bytes: Uint8Array }> {
  const { period, logs, now } = input;
  const files: BundleFile[] = [];
  // Lines still being written asynchronously belong in the bundle too.
  await logs.flushed();
  for (const day of logs.files.days()) {
    if (day >= period.from && day <= period.to) files.push({ path: `logs/console-${day}.log`, content: logs.files.read(day) });
  }
  files.push({ path: 'settings.json', content: JSON.stringify(input.settings, null, 2) });
  files.push({
    path: 'environment.json',
    content: JSON.stringify({ ...input.app, os: { platform: input.app.platform, release: release(), arch: arch() } }, null, 2),
  });
  for (const contribute of input.contributors) files.push(...(await contribute(period)));

  // fflate only when a bundle is made: nothing else in the main process zips.
  const { strToU8, zipSync } = await import('fflate');
  const entries: Record<string, Uint8Array> = {};
  const manifestFiles = files.map(({ path, content }) => {
    const bytes = strToU8(logs.redactor.redactText(content));
    entries[path] = bytes;
    return { path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
  const manifest = { product: input.app.name, version: input.app.version, createdAt: now.toISOString(), period, files: manifestFiles };
  entries['manifest.json'] = strToU8(JSON.stringify(manifest, null, 2));
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return { fileName: `outlook-console-logs-${stamp}.zip`, bytes: zipSync(entries, { level: 6 }) };
}
