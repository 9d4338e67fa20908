// GraphAccess over the emulator, standing in for issue 5's accounts: a real sign-in (auth code +
// PKCE) per user, refresh through the token endpoint, invalid_grant → AccountNeedsReconnectError.
import { AccountNeedsReconnectError, type GraphAccess, type GraphAccessProvider } from '../../src/main/graph/graphAccess';
import type { DemoTenant } from '../emulator/demoTenant';
import type { Emulator } from '../emulator/server';
import { postToken, signIn } from '../emulator/support/session';
import { trustedFetch } from '../emulator/support/trustedHttp';

export type EmulatorAccounts = {
  provider: GraphAccessProvider;
  /** Connects console user `userId` to the emulated mailbox `upn`. */
  connect(userId: number, upn: string): Promise<GraphAccess>;
  tokenRequests: () => number;
};

export function emulatorAccounts(emulator: Emulator, demo: DemoTenant): EmulatorAccounts {
  const accounts = new Map<number, GraphAccess>();
  let tokenRequests = 0;
  const connect = async (userId: number, upn: string): Promise<GraphAccess> => {
    const signedIn = await signIn(emulator, demo, upn);
    let accessToken = signedIn.access_token;
    let refreshToken = signedIn.refresh_token;
    const access: GraphAccess = {
      account: { userPrincipalName: upn, displayName: upn },
      baseUrl: `${emulator.graphBaseUrl}/v1.0`,
      fetch: trustedFetch(emulator.caCert),
      async accessToken(options) {
        if (!options?.forceRefresh) return accessToken;
        tokenRequests++;
        const refreshed = await postToken(emulator, demo.tenant.id, {
          client_id: demo.app.clientId,
          client_secret: demo.clientSecret,
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
          scope: 'offline_access User.Read Calendars.ReadWrite',
        });
        if (refreshed.status !== 200)
          throw new AccountNeedsReconnectError(userId, String(refreshed.json.error_description ?? refreshed.json.error));
        accessToken = String(refreshed.json.access_token);
        refreshToken = String(refreshed.json.refresh_token ?? refreshToken);
        return accessToken;
      },
    };
    accounts.set(userId, access);
    return access;
  };
  return { provider: async (userId) => accounts.get(userId), connect, tokenRequests: () => tokenRequests };
}
