import * as os from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import { operatorName } from '../../../src/main/app/operatorName';

const state = vi.hoisted(() => ({ noPasswdEntry: false }));
vi.mock('node:os', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:os')>();
  return {
    ...real,
    userInfo: (...args: Parameters<typeof real.userInfo>) => {
      if (state.noPasswdEntry) throw Object.assign(new Error('uv_os_get_passwd returned ENOENT'), { code: 'ERR_SYSTEM_ERROR' });
      return real.userInfo(...args);
    },
  };
});

describe('operator name', () => {
  it('is the OS account running the console', () => {
    state.noPasswdEntry = false;
    expect(operatorName()).toBe(os.userInfo().username);
  });

  it('falls back to the environment where the account has no passwd entry', () => {
    state.noPasswdEntry = true;
    expect(operatorName({ USER: 'runner' })).toBe('runner');
    expect(operatorName({})).toBe('unknown OS account');
  });
});
