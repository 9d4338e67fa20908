import { existsSync, renameSync } from 'node:fs';

/**
 * Moves a file that could not be read out of the way, keeping it for the administrator (or
 * support) to inspect: `settings.json` → `settings.json.corrupt-2026-11-26T20-49-08-000Z`.
 * Never deletes or overwrites anything.
 */
export function moveAside(path: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let target = `${path}.corrupt-${stamp}`;
  for (let n = 2; existsSync(target); n += 1) target = `${path}.corrupt-${stamp}-${n}`;
  renameSync(path, target);
  return target;
}
