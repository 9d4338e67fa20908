// The authority's discovery answers are shared by every account's MSAL client of one integration:
// 10,000 accounts refreshing must not discover the same authority 10,000 times. Counted from the
// emulator's request log.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { msalNetworkTrusting, type DiscoveryCache } from '../../../src/main/auth/httpsWithCa';
import { seedDemoTenant, type DemoTenant } from '../../emulator/demoTenant';
import { startEmulator, type Emulator } from '../../emulator/server';

let emulator: Emulator;
let demo: DemoTenant;
beforeEach(async () => {
  emulator = await startEmulator();
  demo = seedDemoTenant(emulator);
});
afterEach(() => emulator.stop());

const requestsTo = (path: string) => emulator.requestLog.entries.filter((entry) => entry.path.startsWith(path)).length;

describe("MSAL's discovery requests shared per integration", () => {
  it('asks once for clients sharing a cache, and each time without one', async () => {
    const url = `${emulator.authority(demo.tenant.id)}/v2.0/.well-known/openid-configuration`;
    const path = `/${demo.tenant.id}/v2.0/.well-known/openid-configuration`;
    const shared: DiscoveryCache = new Map();
    const clients = Array.from({ length: 5 }, () => msalNetworkTrusting(emulator.caCert, 10_000, undefined, shared));
    const answers = await Promise.all(clients.map((client) => client.sendGetRequestAsync<{ token_endpoint: string }>(url)));
    expect(answers.every((answer) => answer.status === 200 && answer.body.token_endpoint.includes(demo.tenant.id))).toBe(true);
    expect(requestsTo(path)).toBe(1);

    const unshared = Array.from({ length: 3 }, () => msalNetworkTrusting(emulator.caCert, 10_000));
    for (const client of unshared) await client.sendGetRequestAsync(url);
    expect(requestsTo(path)).toBe(4);
  });

  it('does not keep an error answer: the next client asks again', async () => {
    const url = `${emulator.origin}/no-such-tenant/v2.0/.well-known/openid-configuration`;
    const shared: DiscoveryCache = new Map();
    const first = await msalNetworkTrusting(emulator.caCert, 10_000, undefined, shared).sendGetRequestAsync(url);
    expect(first.status).not.toBe(200);
    await msalNetworkTrusting(emulator.caCert, 10_000, undefined, shared).sendGetRequestAsync(url);
    expect(requestsTo('/no-such-tenant/')).toBe(2);
    expect(shared.size).toBe(0);
  });
});
