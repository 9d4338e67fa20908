import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../../src/main/core';
import { SecretExpiryMonitor } from '../../../src/main/integration/secretExpiryMonitor';
import { defaultIntegrationConfig } from '../../../src/shared/contract';
import { secretExpiryState } from '../../../src/shared/integration/secretExpiry';
import { useTempDirs } from '../../support/tempDir';
import { createTestCore } from '../../support/testCore';

const hour = 60 * 60 * 1000;
const day = 24 * hour;

describe('secret expiry monitor (injected clock)', () => {
  it('reminds at 30, 7 and 1 days and once expired, each once', () => {
    let now = new Date('2026-12-01T00:00:00Z');
    const sent: number[] = [];
    const notifications: string[] = [];
    const monitor = new SecretExpiryMonitor({
      currentExpiry: () => secretExpiryState('2027-01-27', now),
      remindersSent: () => sent,
      markReminderSent: (threshold) => sent.push(threshold),
      notifyDesktop: (title, body) => notifications.push(`${title}: ${body}`),
      onStateChange: () => {},
    });
    const expectations: [string, number[]][] = [
      ['2026-12-01T00:00:00Z', []],
      ['2026-12-28T00:00:00Z', [30]],
      ['2027-01-10T00:00:00Z', [30]],
      ['2027-01-20T00:00:00Z', [30, 7]],
      ['2027-01-26T00:00:00Z', [30, 7, 1]],
      ['2027-01-26T20:00:00Z', [30, 7, 1]],
      ['2027-01-27T00:00:00Z', [30, 7, 1, 0]],
      ['2027-03-01T00:00:00Z', [30, 7, 1, 0]],
    ];
    for (const [at, reminders] of expectations) {
      now = new Date(at);
      monitor.check();
      expect(sent, at).toEqual(reminders);
    }
    expect(notifications).toHaveLength(4);
    expect(notifications[1]).toMatch(/expires soon: The client secret expires in 7 days/);
    expect(notifications[3]).toMatch(/client secret expired: .*expired on 2027-01-27/);
  });

  it('sends nothing when no expiry is recorded', () => {
    const notify = vi.fn();
    new SecretExpiryMonitor({
      currentExpiry: () => null,
      remindersSent: () => [],
      markReminderSent: vi.fn(),
      notifyDesktop: notify,
      onStateChange: vi.fn(),
    }).check();
    expect(notify).not.toHaveBeenCalled();
  });
});

describe('secret expiry in the core: status bar, notification, restart', () => {
  const tempDir = useTempDirs();
  let cores: Core[] = [];
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  });
  afterEach(async () => {
    vi.useRealTimers();
    for (const core of cores) await core.shutdown();
    cores = [];
  });

  it('moves the status bar into the reminder and then the error state as days pass, notifying once each', async () => {
    const dir = tempDir();
    let now = new Date('2026-11-26T12:00:00Z');
    const notifyDesktop = vi.fn();
    const start = () => {
      const core = createTestCore(dir, { clock: { now: () => now }, notifyDesktop });
      cores.push(core);
      return core;
    };
    const core = start();
    const statuses: unknown[] = [];
    core.events.subscribe((envelope) => envelope.event === 'status.changed' && statuses.push(envelope.payload.secretExpiry));
    const config = { ...defaultIntegrationConfig, enabled: true, clientId: '0b5e6a2c-1234-4cde-9f00-123456789abc', tenant: 'contoso.com' };
    await core.integration.save({ config, secret: { value: 'Xy8Q~monitor-secret', expiresOn: '2026-12-30' } });
    expect(notifyDesktop).not.toHaveBeenCalled();

    now = new Date(now.getTime() + 4 * day);
    vi.advanceTimersByTime(hour);
    expect(notifyDesktop).toHaveBeenCalledTimes(1);
    expect(notifyDesktop).toHaveBeenLastCalledWith(
      'Outlook integration: client secret expires soon',
      expect.stringMatching(/expires in 30 days \(2026-12-30\)/),
      // A click opens the page where the secret is renewed.
      { page: 'integration' },
    );
    expect(statuses.at(-1)).toMatchObject({ state: 'reminder', threshold: 30, daysLeft: 30 });

    vi.advanceTimersByTime(hour);
    expect(notifyDesktop).toHaveBeenCalledTimes(1);

    // A restart in the same band repeats nothing; past the expiry it reports the error once.
    await core.shutdown();
    now = new Date('2026-12-30T09:00:00Z');
    const restarted = start();
    expect(notifyDesktop).toHaveBeenCalledTimes(2);
    expect(notifyDesktop).toHaveBeenLastCalledWith(
      'Outlook integration: client secret expired',
      expect.stringMatching(/expired on 2026-12-30/),
      { page: 'integration' },
    );
    const status = await restarted.registry.invoke('status.get', undefined, { transport: 'internal' });
    expect(status).toMatchObject({ result: { secretExpiry: { state: 'expired', expiresOn: '2026-12-30' } } });
  });
});
