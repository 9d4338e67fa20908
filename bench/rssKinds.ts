import { readFileSync } from 'node:fs';

/** Linux's split of the RSS (anonymous memory, mapped files such as the Node binary, shared memory), in MB. */
export function rssKinds(): string {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return `anonymous ${(kb('RssAnon') / 1024).toFixed(0)} MB, files ${(kb('RssFile') / 1024).toFixed(0)} MB, shared ${(kb('RssShmem') / 1024).toFixed(0)} MB`;
  } catch {
    return 'not on Linux';
  }
}
