import { statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { consoleAddressPath, consoleToken, readConsoleAddress, writeConsoleAddress } from '../../../src/main/app/consoleAddressFile';
import { useTempDirs } from '../../support/tempDir';

const token = 'A'.repeat(43);
const address = { url: `http://127.0.0.1:4780/#token=${token}`, port: 4780, token, pid: 1234, startedAt: '2026-11-26T12:00:00.000Z' };

describe('the running console’s address file', () => {
  const tempDir = useTempDirs();

  it('is written 0600 and read back', () => {
    const dataDir = tempDir();
    writeConsoleAddress(dataDir, address);
    expect(statSync(consoleAddressPath(dataDir)).mode & 0o777).toBe(0o600);
    expect(readConsoleAddress(dataDir)).toEqual(address);
  });

  it('keeps the token across starts unless a new one is asked for', () => {
    const dataDir = tempDir();
    const first = consoleToken(dataDir, false);
    expect(first).toMatch(/^[\w-]{43}$/);
    writeConsoleAddress(dataDir, { ...address, token: first, url: `http://127.0.0.1:4780/#token=${first}` });
    expect(consoleToken(dataDir, false)).toBe(first);
    expect(consoleToken(dataDir, true)).not.toBe(first);
  });

  it('ignores a file it did not write (a short token, a foreign shape)', () => {
    const dataDir = tempDir();
    writeFileSync(consoleAddressPath(dataDir), JSON.stringify({ ...address, token: 'short' }));
    expect(readConsoleAddress(dataDir)).toBeNull();
    expect(consoleToken(dataDir, false)).not.toBe('short');
    writeFileSync(consoleAddressPath(dataDir), 'not json');
    expect(readConsoleAddress(dataDir)).toBeNull();
  });
});
