import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHeadlessArgs } from '../../src/main/headless';

describe('npm run headless arguments', () => {
  it('takes --data-dir and --port', () => {
    expect(parseHeadlessArgs(['--data-dir', 'here', '--port', '0'])).toMatchObject({
      dataDir: resolve('here'),
      port: 0,
      newToken: false,
      printUrl: false,
    });
  });
  it('defaults to port 4780', () => {
    expect(parseHeadlessArgs([])).toMatchObject({ port: 4780 });
  });
  it('takes --print-url and --new-token', () => {
    expect(parseHeadlessArgs(['--print-url', '--data-dir', 'there'])).toMatchObject({ dataDir: resolve('there'), printUrl: true });
    expect(parseHeadlessArgs(['--new-token'])).toMatchObject({ newToken: true, printUrl: false });
  });
  it('explains a bad port or an unknown option', () => {
    expect(parseHeadlessArgs(['--port', 'eighty'])).toEqual({ error: expect.stringContaining('--port must be a whole number') });
    expect(parseHeadlessArgs(['--port', '70000'])).toEqual({ error: expect.stringContaining('0 to 65535') });
    expect(parseHeadlessArgs(['--verbose'])).toHaveProperty('error');
  });
});
