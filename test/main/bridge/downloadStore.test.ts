import { describe, expect, it } from 'vitest';
import { DownloadStore } from '../../../src/main/bridge/downloadStore';
import { zipArchive } from '../../../src/main/files/fileTypes';

describe('DownloadStore', () => {
  it('offers a file under an unguessable URL until it expires', () => {
    let now = 1_000;
    const store = new DownloadStore(() => now, 60_000);
    const delivery = store.offer('bundle.zip', new Uint8Array([1, 2, 3]), zipArchive);
    expect(delivery.kind).toBe('download');
    const id = delivery.kind === 'download' ? delivery.url.split('/').pop()! : '';
    expect(id.length).toBeGreaterThanOrEqual(24);
    expect(store.get(id)?.fileName).toBe('bundle.zip');
    now += 60_000;
    expect(store.get(id)).toBeUndefined();
  });

  it('keeps only the newest few offers in memory', () => {
    const store = new DownloadStore(() => 0, 60_000, 2);
    const ids = ['a', 'b', 'c'].map((name) => {
      const delivery = store.offer(`${name}.zip`, new Uint8Array(1), zipArchive);
      return delivery.kind === 'download' ? delivery.url.split('/').pop()! : '';
    });
    expect(store.get(ids[0])).toBeUndefined();
    expect(store.get(ids[2])?.fileName).toBe('c.zip');
  });
});
