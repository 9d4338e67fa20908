import { describe, expect, it, vi } from 'vitest';
import { HandlerRegistry } from '../../../src/main/contract/handlerRegistry';
import { ContractError, defaultConsoleSettings } from '../../../src/shared/contract';

const http = { transport: 'http' } as const;
const settings = { ...defaultConsoleSettings, appearance: { theme: 'dark' as const } };

describe('HandlerRegistry.invoke', () => {
  it('answers a valid call with the parsed output', async () => {
    const registry = new HandlerRegistry();
    registry.handle('settings.update', (patch) => ({
      ...defaultConsoleSettings,
      appearance: { theme: patch.appearance?.theme ?? 'system' },
    }));
    expect(await registry.invoke('settings.update', { appearance: { theme: 'dark' } }, http)).toEqual({ ok: true, result: settings });
  });

  it('refuses a malformed payload with a validation error naming the field, without calling the handler', async () => {
    const registry = new HandlerRegistry();
    const handler = vi.fn(() => settings);
    registry.handle('settings.update', handler);
    const result = await registry.invoke('settings.update', { appearance: { theme: 'purple' } }, http);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    expect(result.error.issues.map((issue) => issue.field)).toEqual(['appearance.theme']);
    expect(result.error.message).toContain('appearance.theme');
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses unknown keys rather than ignoring them', async () => {
    const registry = new HandlerRegistry();
    registry.handle('settings.update', () => settings);
    const result = await registry.invoke('settings.update', { clientSecret: 'x' }, http);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('answers an unknown channel with a typed error', async () => {
    const registry = new HandlerRegistry();
    expect(await registry.invoke('shell.exec', {}, http)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await registry.invoke('__proto__', {}, http)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('strips fields the output schema does not describe, so nothing extra leaks to the renderer', async () => {
    const registry = new HandlerRegistry();
    registry.handle('settings.get', () => ({ ...settings, clientSecret: 's3cr3t-value' }) as never);
    const result = await registry.invoke('settings.get', undefined, http);
    expect(JSON.stringify(result)).not.toContain('s3cr3t-value');
  });

  it('turns a handler crash into an INTERNAL error without its message, and reports it', async () => {
    const reported = vi.fn();
    const registry = new HandlerRegistry(reported);
    registry.handle('settings.get', () => {
      throw new Error('db path /secret/place exploded');
    });
    const result = await registry.invoke('settings.get', undefined, http);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('/secret/place');
    expect(reported).toHaveBeenCalledWith('settings.get', expect.any(Error));
  });

  it('passes a ContractError from a handler through as it is', async () => {
    const registry = new HandlerRegistry();
    registry.handle('settings.get', () => {
      throw new ContractError('CONFLICT', 'Changed elsewhere; reload.');
    });
    expect(await registry.invoke('settings.get', undefined, http)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'Changed elsewhere; reload.' },
    });
  });
});
